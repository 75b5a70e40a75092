import { embeddingFromBase64, embeddingToBase64 } from './embedding-response';

describe('base64 embeddings', () => {
  it('encodes float32 little-endian, as OpenAI does', () => {
    // 1.0f is 00 00 80 3f; -2.0f is 00 00 00 c0.
    expect(Buffer.from(embeddingToBase64([1, -2]), 'base64')).toEqual(Buffer.from([0, 0, 0x80, 0x3f, 0, 0, 0, 0xc0]));
  });

  it('decodes to the same vector, up to float32 precision', () => {
    const vector = [0.1, -0.25, 3.5e-8, 12345.678];
    const decoded = embeddingFromBase64(embeddingToBase64(vector));
    expect(decoded).toHaveLength(4);
    decoded.forEach((value, i) => expect(value).toBeCloseTo(vector[i], 3));
    expect(decoded[1]).toBe(-0.25);
  });
});
