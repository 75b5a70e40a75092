/** One embedding: floats, or their little-endian float32 bytes in base64 (`encoding_format: "base64"`). */
export interface EmbeddingObject {
  object: 'embedding';
  index: number;
  embedding: number[] | string;
}

/** OpenAI's `CreateEmbeddingResponse`. */
export interface EmbeddingList {
  object: 'list';
  data: EmbeddingObject[];
  model: string;
  usage: { prompt_tokens: number; total_tokens: number };
}

/** Encodes a vector as OpenAI does for `encoding_format: "base64"`: float32, little-endian, base64. */
export function embeddingToBase64(vector: readonly number[]): string {
  const bytes = Buffer.alloc(vector.length * 4);
  vector.forEach((value, i) => bytes.writeFloatLE(value, i * 4));
  return bytes.toString('base64');
}

/** Decodes a base64 embedding back to floats (for clients and tests). */
export function embeddingFromBase64(encoded: string): number[] {
  const bytes = Buffer.from(encoded, 'base64');
  const vector: number[] = [];
  for (let offset = 0; offset + 4 <= bytes.length; offset += 4) vector.push(bytes.readFloatLE(offset));
  return vector;
}
