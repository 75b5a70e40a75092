import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { StreamPart } from '@switchyard/contracts';
import { convertEmbeddings } from './convert-embeddings';

function fixture(name: string): unknown {
  return JSON.parse(readFileSync(join(__dirname, '__fixtures__', name), 'utf8'));
}

/** The float vectors of `embeddings-float.json`, as float32 (what base64 carries exactly). */
const FLOATS = [
  [0.5376307, -0.42160037, 0.2839874, -0.6706181],
  [-0.10396238, 0.7817542, 0.34209773, 0.5108231],
];
const USAGE: StreamPart = { type: 'usage', promptTokens: 5, completionTokens: 0 };
const malformed = (why: RegExp): StreamPart => ({ type: 'error', code: 'upstream_error', message: expect.stringMatching(why), param: null, retryable: true });

describe('convertEmbeddings', () => {
  it('turns floats into one embedding part per input, then usage', () => {
    expect(convertEmbeddings('openai', fixture('embeddings-float.json'))).toEqual([
      { type: 'embedding', index: 0, vector: FLOATS[0] },
      { type: 'embedding', index: 1, vector: FLOATS[1] },
      USAGE,
    ]);
  });

  it('decodes base64 float32 and puts the embeddings in index order', () => {
    const parts = convertEmbeddings('openai', fixture('embeddings-base64.json'));
    expect(parts).toEqual([
      { type: 'embedding', index: 0, vector: FLOATS[0].map(Math.fround) },
      { type: 'embedding', index: 1, vector: FLOATS[1].map(Math.fround) },
      USAGE,
    ]);
  });

  const item = (index: number, embedding: number[] | string) => ({ object: 'embedding', index, embedding });

  it.each<[string, unknown, StreamPart[]]>([
    ['no usage reported (some compatible servers)', { object: 'list', data: [item(0, [1, 0])] }, [{ type: 'embedding', index: 0, vector: [1, 0] }]],
    [
      "vLLM's usage with completion_tokens",
      { object: 'list', data: [item(0, [0.5])], usage: { prompt_tokens: 2, total_tokens: 2, completion_tokens: 0, prompt_tokens_details: null } },
      [{ type: 'embedding', index: 0, vector: [0.5] }, { type: 'usage', promptTokens: 2, completionTokens: 0 }],
    ],
    ['a missing index', { object: 'list', data: [item(0, [1]), item(2, [1])] }, [malformed(/^openai sent a malformed response \(embedding indexes are not 0…1\)\.$/)]],
    ['a repeated index', { object: 'list', data: [item(0, [1]), item(0, [2])] }, [malformed(/embedding indexes are not 0…1/)]],
    ['base64 that is not whole float32 values', { object: 'list', data: [item(0, 'AAAA')] }, [malformed(/embedding 0 is not base64 float32/)]],
    ['no data', { object: 'list', data: [] }, [malformed(/^openai sent a malformed response \(data: /)]],
    ['a vector of strings', { object: 'list', data: [item(0, ['1'] as unknown as number[])] }, [malformed(/^openai sent a malformed response \(data\.0\.embedding/)]],
    [
      'an error object answered with 200',
      { error: { message: "This model's maximum context length is 8192 tokens", type: 'invalid_request_error', param: 'input', code: null } },
      [{ type: 'error', code: 'invalid_request', message: "openai reported an error: This model's maximum context length is 8192 tokens", param: 'input', retryable: false }],
    ],
  ])('%s', (_name, json, expected) => {
    expect(convertEmbeddings('openai', json)).toEqual(expected);
  });
});
