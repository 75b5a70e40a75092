import { errorPart } from '@switchyard/contracts';
import { createLogger } from '@switchyard/observability';
import { upstreamErrorPart, type ProviderAdapter, type UpstreamRequest } from '@switchyard/providers-core';
import type { ResolvedProvider } from '../provider/resolved-provider';
import { callWithRetries, type RetryContext } from './call-with-retries';
import type { UpstreamClient, UpstreamResponse } from './upstream-client';
import { UpstreamTimeoutError, UpstreamUnreachableError } from './upstream-errors';
import { UpstreamState } from './upstream-state';

type Step = { status: number; headers?: Record<string, string> } | Error;

const REQUEST: UpstreamRequest = { path: '/chat/completions', body: {}, headers: {} };
const PROVIDER: ResolvedProvider = {
  name: 'openai', kind: 'openai', baseUrl: 'http://x', apiKey: 'k', apiKeyEnv: 'K', models: [],
  concurrency: 8, timeoutMs: 1000, maxRetries: 2, maxRetryWaitMs: 2000, samplingParameters: [],
};

const adapter = {
  readRateLimits: () => undefined,
  convertError: (status: number) => upstreamErrorPart('openai', status, 'upstream said no'),
} as unknown as ProviderAdapter;

const NO_BODY: AsyncIterable<Uint8Array> = { [Symbol.asyncIterator]: () => ({ next: async () => ({ done: true, value: undefined }) }) };

function response(status: number, headers: Record<string, string> = {}): UpstreamResponse {
  return { status, headers, body: NO_BODY, text: async () => '{}', discard: async () => undefined };
}

function setup(steps: Step[], overrides: Partial<ResolvedProvider> = {}) {
  const waits: number[] = [];
  let calls = 0;
  const client = {
    send: async () => {
      const step = steps[Math.min(calls++, steps.length - 1)];
      if (step instanceof Error) throw step;
      return response(step.status, step.headers);
    },
  } as unknown as UpstreamClient;
  const state = new UpstreamState();
  const ctx: RetryContext = {
    client, adapter, state, provider: { ...PROVIDER, ...overrides }, logger: createLogger('test', 'silent'),
    deadline: Date.now() + 60_000, signal: new AbortController().signal,
    sleep: async (ms) => void waits.push(ms),
  };
  return { ctx, waits, state, calls: () => calls };
}

describe('callWithRetries', () => {
  it('returns the first successful response', async () => {
    const { ctx, calls } = setup([{ status: 200 }]);
    const outcome = await callWithRetries(ctx, REQUEST);
    expect(outcome.ok).toBe(true);
    expect(calls()).toBe(1);
  });

  it.each([
    ['429', { status: 429 }],
    ['500', { status: 500 }],
    ['503', { status: 503 }],
    ['408', { status: 408 }],
    ['a refused connection', new UpstreamUnreachableError('ECONNREFUSED')],
    ['a timeout', new UpstreamTimeoutError('UND_ERR_HEADERS_TIMEOUT')],
  ])('retries %s, then succeeds', async (_name, step) => {
    const { ctx, calls, waits } = setup([step as Step, { status: 200 }]);
    expect((await callWithRetries(ctx, REQUEST)).ok).toBe(true);
    expect(calls()).toBe(2);
    expect(waits).toHaveLength(1);
  });

  it.each([
    ['429', { status: 429 }, 'rate_limit_exceeded'],
    ['a refused connection', new UpstreamUnreachableError('ECONNREFUSED'), 'service_unavailable'],
  ])('gives up on %s after maxRetries, retryable for the router', async (_name, step, code) => {
    const { ctx, calls } = setup([step as Step]);
    const outcome = await callWithRetries(ctx, REQUEST);
    expect(outcome).toEqual({ ok: false, error: expect.objectContaining({ code, retryable: true }) });
    expect(calls()).toBe(3);
  });

  it.each([400, 401, 403, 404, 413, 422])('does not retry %i', async (status) => {
    const { ctx, calls } = setup([{ status }]);
    const outcome = await callWithRetries(ctx, REQUEST);
    expect(outcome.ok).toBe(false);
    if (!outcome.ok) expect(outcome.error.retryable).toBe(false);
    expect(calls()).toBe(1);
  });

  it('does not retry a spent quota, leaving it to the router (another backend may answer)', async () => {
    const { ctx, calls } = setup([{ status: 429 }]);
    ctx.adapter = { ...adapter, convertError: (status: number) => ({ ...upstreamErrorPart('openai', status, 'quota'), code: 'insufficient_quota' as const }) };
    const outcome = await callWithRetries(ctx, REQUEST);
    expect(outcome).toEqual({ ok: false, error: expect.objectContaining({ code: 'insufficient_quota', retryable: true }) });
    expect(calls()).toBe(1);
  });

  it('backs off exponentially with jitter', async () => {
    const { ctx, waits } = setup([{ status: 500 }, { status: 500 }, { status: 200 }]);
    await callWithRetries(ctx, REQUEST);
    expect(waits[0]).toBeGreaterThanOrEqual(100);
    expect(waits[0]).toBeLessThanOrEqual(200);
    expect(waits[1]).toBeGreaterThanOrEqual(200);
    expect(waits[1]).toBeLessThanOrEqual(400);
  });

  it('waits as long as retry-after asks', async () => {
    const { ctx, waits } = setup([{ status: 429, headers: { 'retry-after-ms': '750' } }, { status: 200 }]);
    await callWithRetries(ctx, REQUEST);
    expect(waits).toEqual([750]);
  });

  it('leaves a long retry-after to the router instead of waiting', async () => {
    const { ctx, calls } = setup([{ status: 429, headers: { 'retry-after': '30' } }]);
    const outcome = await callWithRetries(ctx, REQUEST);
    expect(outcome).toEqual({ ok: false, error: expect.objectContaining({ code: 'rate_limit_exceeded', retryable: true }) });
    expect(calls()).toBe(1);
  });

  it('does not wait past the request deadline', async () => {
    const { ctx, calls } = setup([{ status: 503, headers: { 'retry-after': '1' } }]);
    ctx.deadline = Date.now() + 500;
    expect((await callWithRetries(ctx, REQUEST)).ok).toBe(false);
    expect(calls()).toBe(1);
  });

  it('marks the provider unreachable on refused connections and on rejected credentials', async () => {
    const refused = setup([new UpstreamUnreachableError('the provider could not be reached (ECONNREFUSED)')], { maxRetries: 0 });
    await callWithRetries(refused.ctx, REQUEST);
    expect(refused.state.snapshot()).toMatchObject({ reachable: false, reason: expect.stringContaining('ECONNREFUSED') });
    const rejected = setup([{ status: 401 }]);
    await callWithRetries(rejected.ctx, REQUEST);
    expect(rejected.state.snapshot()).toMatchObject({ reachable: false, reason: 'credentials rejected (HTTP 401)' });
  });

  it('reports a cancelled request as cancelled and stops retrying', async () => {
    const { ctx, calls } = setup([{ status: 500 }]);
    const controller = new AbortController();
    ctx.signal = controller.signal;
    ctx.sleep = async () => controller.abort();
    expect(await callWithRetries(ctx, REQUEST)).toEqual({ ok: false, error: errorPart('cancelled', 'The request was cancelled.') });
    expect(calls()).toBe(1);
  });
});
