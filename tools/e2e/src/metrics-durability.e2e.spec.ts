import OpenAI from 'openai';
import { startFakeOpenAI, testModelsDir, waitFor, type FakeUpstream } from '@switchyard/testing';
import { sumOf } from './fault-kit';
import { startStack, type RunningService, type Stack } from './stack';

const KEY = 'sk-test-metrics-0123456789';
const STORY = 'local:stories260k';

describe('usage survives a metrics outage; provider rate limits become gauges', () => {
  let upstream: FakeUpstream;
  let stack: Stack;
  let client: OpenAI;
  let metrics: RunningService;

  beforeAll(async () => {
    upstream = await startFakeOpenAI({ apiKey: KEY });
    stack = await startStack({
      modelsDir: testModelsDir(),
      privateNats: true,
      extraEnv: { E2E_METRICS_KEY: KEY },
      cloudProviders: [{ name: 'openai', kind: 'openai', baseUrl: upstream.url, apiKeyEnv: 'E2E_METRICS_KEY', models: ['gpt-4o-mini'] }],
      expectModels: [STORY, 'openai:gpt-4o-mini'],
    });
    metrics = stack.metrics;
    client = new OpenAI({ baseURL: stack.baseURL, apiKey: 'e2e', maxRetries: 0 });
  }, 120_000);

  afterAll(async () => {
    await stack?.stop();
    await upstream?.close();
  });

  const scrape = async (): Promise<string> => (await fetch(`${metrics.url}/metrics`)).text();

  it('counts all 100 requests sent while the metrics service was down, once it is back', async () => {
    await stack.kill(metrics, 'SIGTERM');
    // Five at a time: the local model runs one and queues up to eight.
    for (let batch = 0; batch < 20; batch++) {
      await Promise.all(
        Array.from({ length: 5 }, () => client.chat.completions.create({ model: STORY, messages: [{ role: 'user', content: 'Hi' }], max_tokens: 1 })),
      );
    }
    metrics = await stack.restart(metrics);
    await waitFor(async () => sumOf(await scrape(), 'switchyard_requests_total') >= 100, 20_000, 'the 100 requests to be counted');
    // A moment more: nothing is counted twice.
    await new Promise((r) => setTimeout(r, 1_500));
    const text = await scrape();
    expect(sumOf(text, 'switchyard_requests_total')).toBe(100);
    expect(sumOf(text, 'switchyard_requests_total', { model: STORY, backend: STORY, status: '200' })).toBe(100);
    expect(sumOf(text, 'switchyard_request_duration_seconds_count')).toBe(100);
    expect(sumOf(text, 'switchyard_tokens_total', { direction: 'completion', backend: STORY })).toBe(100);
  });

  it("shows the provider's rate-limit headers as gauges with the same values", async () => {
    for (let i = 0; i < 3; i++) {
      await client.chat.completions.create({ model: 'openai:gpt-4o-mini', messages: [{ role: 'user', content: 'Hi' }] });
      // Readings are published at most once a second per worker.
      await new Promise((r) => setTimeout(r, 1_100));
    }
    // The fake answers 10,000 requests and 10,000,000 tokens a minute and counts down one request per POST.
    const gauge = (kind: string, metric = 'switchyard_upstream_ratelimit_remaining'): Promise<number> =>
      scrape().then((text) => sumOf(text, metric, { provider: 'openai', kind }));
    await waitFor(async () => (await gauge('requests')) === 10_000 - 3, 10_000, 'the last reading to arrive').catch(async (error: Error) => {
      throw new Error(`${error.message}\n${(await scrape()).split('\n').filter((l) => l.includes('ratelimit')).join('\n')}`);
    });
    expect(await gauge('requests', 'switchyard_upstream_ratelimit_limit')).toBe(10_000);
    expect(await gauge('tokens', 'switchyard_upstream_ratelimit_limit')).toBe(10_000_000);
    const tokensLeft = await gauge('tokens');
    expect(tokensLeft).toBeGreaterThan(10_000_000 - 100);
    expect(tokensLeft).toBeLessThan(10_000_000);
  });
});
