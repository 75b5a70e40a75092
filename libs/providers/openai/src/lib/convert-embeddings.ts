import { errorPart, type StreamPart } from '@switchyard/contracts';
import { embeddingFromBase64 } from '@switchyard/openai';
import { convertWholeResponse } from './convert-whole-response';
import { WireEmbeddingListSchema, type WireEmbedding, type WireEmbeddingList } from './openai-embedding-wire.schema';

/** An embedding as floats: as sent, or decoded from base64 little-endian float32; undefined when the base64 is not whole floats. */
function vectorOf(embedding: WireEmbedding['embedding']): number[] | undefined {
  if (typeof embedding !== 'string') return embedding;
  return Buffer.from(embedding, 'base64').length % 4 === 0 ? embeddingFromBase64(embedding) : undefined;
}

function convertList(provider: string, list: WireEmbeddingList): StreamPart[] {
  const sorted = [...list.data].sort((a, b) => a.index - b.index);
  const malformed = (why: string): StreamPart[] => [errorPart('upstream_error', `${provider} sent a malformed response (${why}).`, { retryable: true })];
  const parts: StreamPart[] = [];
  for (const [position, item] of sorted.entries()) {
    if (item.index !== position) return malformed(`embedding indexes are not 0…${sorted.length - 1}`);
    const vector = vectorOf(item.embedding);
    if (!vector) return malformed(`embedding ${item.index} is not base64 float32`);
    parts.push({ type: 'embedding', index: item.index, vector });
  }
  if (list.usage) parts.push({ type: 'usage', promptTokens: list.usage.prompt_tokens, completionTokens: 0 });
  return parts;
}

/**
 * A `CreateEmbeddingResponse` → one `embedding` part per input in index order (vectors as floats,
 * whichever encoding the server used), then usage (prompt tokens; embeddings generate none) when
 * reported. Indexes that are not exactly 0…n-1 would pair vectors with the wrong inputs: a
 * retryable `upstream_error`, as is any other malformed body.
 */
export function convertEmbeddings(provider: string, json: unknown): StreamPart[] {
  return convertWholeResponse(provider, json, WireEmbeddingListSchema, (list) => convertList(provider, list));
}
