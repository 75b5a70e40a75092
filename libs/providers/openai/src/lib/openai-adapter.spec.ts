import type { StreamPart } from '@switchyard/contracts';
import { createOpenAIAdapter, openAIAdapter } from './openai-adapter';

describe('openAIAdapter', () => {
  it('describes the format', () => {
    expect({ format: openAIAdapter.format, probePath: openAIAdapter.probePath }).toEqual({ format: 'openai', probePath: '/models' });
  });

  it.each([
    ['an OpenAI project key', 'sk-proj-abc123', 'Bearer sk-proj-abc123'],
    ['a Groq key', 'gsk_xyz789', 'Bearer gsk_xyz789'],
  ])('sends %s as a bearer token', (_name, key, header) => {
    expect(openAIAdapter.authHeaders(key)).toEqual({ authorization: header });
  });

  it('builds streamed requests asking for usage', () => {
    const result = openAIAdapter.chat.buildRequest({ model: 'fast', messages: [{ role: 'user', content: 'Hi' }] }, 'gpt-4o-mini', true);
    expect(result).toMatchObject({ ok: true, request: { path: '/chat/completions', body: { model: 'gpt-4o-mini', stream: true, stream_options: { include_usage: true } } } });
  });

  it('builds text completions for POST /completions, streamed with usage', () => {
    const result = openAIAdapter.completion?.buildRequest({ model: 'instruct', prompt: 'Say' }, 'gpt-3.5-turbo-instruct', true);
    expect(result).toMatchObject({ ok: true, request: { path: '/completions', body: { model: 'gpt-3.5-turbo-instruct', stream: true, stream_options: { include_usage: true } } } });
  });

  it('reads streamed text completions with their own chunk format', () => {
    const converter = openAIAdapter.completion?.createStreamConverter();
    const parts = converter?.push({ event: 'message', data: '{"object":"text_completion","choices":[{"text":"Hi","index":0,"logprobs":null,"finish_reason":"stop"}]}' });
    expect(parts).toEqual([{ type: 'delta', index: 0, text: 'Hi' }, { type: 'finish', index: 0, reason: 'stop' }]);
  });

  it.each([
    ['floats by default (every compatible server knows them)', createOpenAIAdapter(), 'float'],
    ['base64 when configured', createOpenAIAdapter({ embeddingEncoding: 'base64' }), 'base64'],
  ])('asks for embeddings as %s', (_name, adapter, encoding) => {
    const result = adapter.embeddings?.buildRequest({ model: 'small', input: 'hi', encoding_format: 'float' }, 'text-embedding-3-small');
    expect(result).toMatchObject({ ok: true, request: { path: '/embeddings', body: { model: 'text-embedding-3-small', encoding_format: encoding } } });
  });

  it('reads embeddings whatever their encoding', () => {
    const json = { object: 'list', data: [{ object: 'embedding', index: 0, embedding: 'AACAPwAAAMA=' }], usage: { prompt_tokens: 1, total_tokens: 1 } };
    expect(openAIAdapter.embeddings?.convertResponse(json)).toEqual([
      { type: 'embedding', index: 0, vector: [1, -2] },
      { type: 'usage', promptTokens: 1, completionTokens: 0 },
    ]);
  });

  it('gives each stream its own converter', () => {
    const first = openAIAdapter.chat.createStreamConverter();
    const second = openAIAdapter.chat.createStreamConverter();
    first.push({ event: 'message', data: '[DONE]' });
    expect([first.done, second.done]).toEqual([true, false]);
  });

  it('reads rate limits', () => {
    expect(openAIAdapter.readRateLimits({ 'x-ratelimit-remaining-requests': '3' }, 1000)).toEqual({ observedAt: 1000, requests: { remaining: 3 } });
  });

  describe('created for a compatible provider', () => {
    const groq = createOpenAIAdapter({ provider: 'groq' });

    const errorMessage = (parts: StreamPart[]) => (parts[0]?.type === 'error' ? parts[0].message : undefined);

    it.each([
      ['HTTP errors', () => groq.convertError(503, '{"error":{"message":"Service Unavailable","type":"internal_server_error"}}', {}).message, /^groq \(HTTP 503\): /],
      ['malformed responses', () => errorMessage(groq.chat.convertResponse({})), /^groq sent a malformed response/],
      ['cut streams', () => errorMessage(groq.chat.createStreamConverter().end()), /^groq ended the stream/],
      ['malformed text completions', () => errorMessage(groq.completion?.convertResponse({ choices: [] }) ?? []), /^groq sent a malformed response/],
      ['cut text completion streams', () => errorMessage(groq.completion?.createStreamConverter().end() ?? []), /^groq ended the stream/],
      ['malformed embeddings', () => errorMessage(groq.embeddings?.convertResponse({ data: 'no' }) ?? []), /^groq sent a malformed response/],
    ])('names it in %s', (_name, message, expected) => {
      expect(message()).toMatch(expected);
    });
  });
});
