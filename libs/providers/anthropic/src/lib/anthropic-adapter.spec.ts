import type { ChatCompletionRequest } from '@switchyard/openai';
import { parseSse } from '@switchyard/sse';
import { anthropicAdapter, createAnthropicAdapter } from './anthropic-adapter';

const request: ChatCompletionRequest = {
  model: 'anthropic:claude-sonnet-4-5',
  messages: [{ role: 'system', content: 'Be brief.' }, { role: 'user', content: 'Hi' }],
  seed: 3,
};

describe('anthropicAdapter', () => {
  it('names its format and probe', () => {
    expect(anthropicAdapter.format).toBe('anthropic');
    expect(anthropicAdapter.probePath).toBe('/models');
  });

  it('sends the key as x-api-key, with the API version every endpoint requires', () => {
    expect(anthropicAdapter.authHeaders('sk-ant-api03-key')).toEqual({ 'x-api-key': 'sk-ant-api03-key', 'anthropic-version': '2023-06-01' });
  });

  it('builds a POST /messages with the version header and the dropped parameters', () => {
    expect(anthropicAdapter.chat.buildRequest(request, 'claude-sonnet-4-5-20250929', true)).toEqual({
      ok: true,
      request: {
        path: '/messages',
        headers: { 'anthropic-version': '2023-06-01' },
        body: {
          model: 'claude-sonnet-4-5-20250929',
          max_tokens: 4096,
          system: 'Be brief.',
          messages: [{ role: 'user', content: [{ type: 'text', text: 'Hi' }] }],
          stream: true,
        },
      },
      dropped: ['seed'],
    });
  });

  it('passes a refusal on as the build error', () => {
    expect(anthropicAdapter.chat.buildRequest({ ...request, n: 2 }, 'claude-sonnet-4-5', false)).toEqual({
      ok: false,
      error: expect.objectContaining({ code: 'unsupported_parameter', param: 'n' }),
    });
  });

  it('takes its default max_tokens and version from the options', () => {
    const adapter = createAnthropicAdapter({ defaultMaxTokens: 1024, version: '2024-01-01' });
    const build = adapter.chat.buildRequest(request, 'claude-3-5-haiku-latest', false);
    expect(build.ok && build.request.body['max_tokens']).toBe(1024);
    expect(build.ok && build.request.headers).toEqual({ 'anthropic-version': '2024-01-01' });
    expect(adapter.authHeaders('k')['anthropic-version']).toBe('2024-01-01');
  });

  it('has no text completions or embeddings (Anthropic has neither)', () => {
    expect(anthropicAdapter.completion).toBeUndefined();
    expect(anthropicAdapter.embeddings).toBeUndefined();
  });

  it('gives each stream its own converter', () => {
    const first = anthropicAdapter.chat.createStreamConverter();
    const second = anthropicAdapter.chat.createStreamConverter();
    const [stop] = parseSse('event: message_stop\ndata: {"type":"message_stop"}\n\n');
    first.push(stop);
    expect(first.done).toBe(true);
    expect(second.done).toBe(false);
  });

  it('converts responses, errors and rate-limit headers', () => {
    const parts = anthropicAdapter.chat.convertResponse({ type: 'message', content: [{ type: 'text', text: 'Hello' }], stop_reason: 'end_turn', usage: { input_tokens: 3, output_tokens: 1 } });
    expect(parts.map((part) => part.type)).toEqual(['delta', 'finish', 'usage']);
    expect(anthropicAdapter.convertError(529, '{"type":"error","error":{"type":"overloaded_error","message":"Overloaded"}}', {})).toMatchObject({ code: 'upstream_error', retryable: true });
    expect(anthropicAdapter.readRateLimits({ 'anthropic-ratelimit-requests-remaining': '9' }, 1000)).toEqual({ observedAt: 1000, requests: { remaining: 9 } });
  });
});
