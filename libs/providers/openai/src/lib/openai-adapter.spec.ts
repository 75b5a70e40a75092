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
    const result = openAIAdapter.buildRequest({ model: 'fast', messages: [{ role: 'user', content: 'Hi' }] }, 'gpt-4o-mini', true);
    expect(result).toMatchObject({ ok: true, request: { path: '/chat/completions', body: { model: 'gpt-4o-mini', stream: true, stream_options: { include_usage: true } } } });
  });

  it('gives each stream its own converter', () => {
    const first = openAIAdapter.createStreamConverter();
    const second = openAIAdapter.createStreamConverter();
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
      ['malformed responses', () => errorMessage(groq.convertResponse({})), /^groq sent a malformed response/],
      ['cut streams', () => errorMessage(groq.createStreamConverter().end()), /^groq ended the stream/],
    ])('names it in %s', (_name, message, expected) => {
      expect(message()).toMatch(expected);
    });
  });
});
