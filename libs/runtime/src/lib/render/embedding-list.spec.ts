import { embeddingFromBase64 } from '@switchyard/openai';
import { openAISchemaValidator } from '@switchyard/testing';
import { EmbeddingCollector } from './embedding-list';

const start = { type: 'start' as const, backend: 'local:tiny', model: 'local:tiny', workerId: 'w1' };

describe('EmbeddingCollector', () => {
  const spec = openAISchemaValidator();

  it('lists one embedding per input in input order, with usage, valid against the spec', () => {
    const collector = new EmbeddingCollector(2, 'float');
    collector.add(start);
    collector.add({ type: 'embedding', index: 1, vector: [0.5, -1] });
    collector.add({ type: 'embedding', index: 0, vector: [0.25, 2] });
    collector.add({ type: 'usage', promptTokens: 7, completionTokens: 0 });
    const result = collector.result();
    if (!result.ok) throw new Error(result.error.message);
    expect(result.body).toEqual({
      object: 'list',
      data: [
        { object: 'embedding', index: 0, embedding: [0.25, 2] },
        { object: 'embedding', index: 1, embedding: [0.5, -1] },
      ],
      model: 'local:tiny',
      usage: { prompt_tokens: 7, total_tokens: 7 },
    });
    expect(spec.validate('CreateEmbeddingResponse', result.body).errors).toEqual([]);
  });

  it('encodes base64 that decodes to the same vector', () => {
    const collector = new EmbeddingCollector(1, 'base64');
    collector.add(start);
    collector.add({ type: 'embedding', index: 0, vector: [0.25, -1.5, 3] });
    const result = collector.result();
    if (!result.ok) throw new Error(result.error.message);
    expect(typeof result.body.data[0].embedding).toBe('string');
    expect(embeddingFromBase64(result.body.data[0].embedding as string)).toEqual([0.25, -1.5, 3]);
  });

  it('fails when a vector is missing, and passes an error on', () => {
    const short = new EmbeddingCollector(2, 'float');
    short.add({ type: 'embedding', index: 0, vector: [1] });
    expect(short.result()).toEqual({ ok: false, error: expect.objectContaining({ code: 'upstream_error', message: 'The backend returned 1 embeddings for 2 inputs.' }) });
    const failed = new EmbeddingCollector(1, 'float');
    failed.add({ type: 'error', code: 'context_length_exceeded', message: 'too long', param: 'input', retryable: false });
    expect(failed.result()).toEqual({ ok: false, error: expect.objectContaining({ code: 'context_length_exceeded' }) });
  });
});
