import { freePort } from '../ports';
import { startFakeAnthropic } from './anthropic';
import { startFakeOpenAI } from './openai';
import type { FakeUpstream } from './types';

const openAIAsk = (model: string): RequestInit => ({
  method: 'POST',
  headers: { 'content-type': 'application/json' },
  body: JSON.stringify({ model, messages: [{ role: 'user', content: 'hello world' }] }),
});
const anthropicAsk = (model: string): RequestInit => ({
  method: 'POST',
  headers: { 'content-type': 'application/json', 'anthropic-version': '2023-06-01' },
  body: JSON.stringify({ model, max_tokens: 16, messages: [{ role: 'user', content: 'hello world' }] }),
});

describe('fake upstreams: the scenario option', () => {
  let upstream: FakeUpstream | undefined;
  afterEach(() => upstream?.close());

  it.each([
    ['rate-limited', 429],
    ['server-error', 500],
    ['overloaded', 503],
    ['bad-request', 400],
  ] as const)('OpenAI: scenario %s answers %i whatever the model, until it is cleared', async (scenario, status) => {
    upstream = await startFakeOpenAI({ scenario });
    expect((await fetch(`${upstream.url}/chat/completions`, openAIAsk('gpt-4o-mini'))).status).toBe(status);
    upstream.set({ scenario: undefined });
    const res = await fetch(`${upstream.url}/chat/completions`, openAIAsk('gpt-4o-mini'));
    expect(res.status).toBe(200);
    expect(((await res.json()) as { choices: Array<{ message: { content: string } }> }).choices[0].message.content).toBe('Echo: hello world');
  });

  it('OpenAI: while rate-limited, the model list carries exhausted rate-limit headers too', async () => {
    upstream = await startFakeOpenAI();
    expect((await fetch(`${upstream.url}/models`)).headers.get('x-ratelimit-remaining-requests')).not.toBe('0');
    upstream.set({ scenario: 'rate-limited' });
    const models = await fetch(`${upstream.url}/models`);
    expect(models.status).toBe(200);
    expect(models.headers.get('x-ratelimit-remaining-requests')).toBe('0');
    expect(models.headers.get('x-ratelimit-remaining-tokens')).toBe('0');
  });

  it('states the reset time asked for in exhausted rate-limit headers', async () => {
    upstream = await startFakeOpenAI({ scenario: 'rate-limited', rateLimitResetS: 30 });
    const res = await fetch(`${upstream.url}/chat/completions`, openAIAsk('gpt-4o-mini'));
    expect(res.status).toBe(429);
    expect(res.headers.get('x-ratelimit-reset-requests')).toBe('30s');
    expect(res.headers.get('x-ratelimit-reset-tokens')).toBe('30s');
    await upstream.close();
    upstream = await startFakeAnthropic({ scenario: 'rate-limited', rateLimitResetS: 30 });
    const before = Date.now();
    const limited = await fetch(`${upstream.url}/messages`, anthropicAsk('claude-sonnet'));
    expect(limited.status).toBe(429);
    const resetIn = Date.parse(limited.headers.get('anthropic-ratelimit-requests-reset') ?? '') - before;
    expect(resetIn).toBeGreaterThan(25_000);
    expect(resetIn).toBeLessThanOrEqual(31_000);
  });

  it('Anthropic: scenario overloaded answers 529 for any model', async () => {
    upstream = await startFakeAnthropic({ scenario: 'overloaded' });
    expect((await fetch(`${upstream.url}/messages`, anthropicAsk('claude-sonnet'))).status).toBe(529);
    upstream.set({ scenario: undefined });
    expect((await fetch(`${upstream.url}/messages`, anthropicAsk('claude-sonnet'))).status).toBe(200);
  });
});

describe('fake upstreams: the port option', () => {
  it('listens on the port asked for, so a closed upstream can come back at the same URL', async () => {
    const port = await freePort();
    const first = await startFakeOpenAI({ port });
    expect(first.url).toBe(`http://127.0.0.1:${port}/v1`);
    await first.close();
    await expect(fetch(`${first.url}/models`)).rejects.toThrow();
    const second = await startFakeOpenAI({ port });
    try {
      expect(second.url).toBe(first.url);
      expect((await fetch(`${second.url}/models`)).status).toBe(200);
    } finally {
      await second.close();
    }
  });
});
