import { errorPart, type ErrorPart } from '@switchyard/contracts';
import type { Logger } from '@switchyard/observability';
import { retryAfterMs, type ProviderAdapter, type UpstreamRequest } from '@switchyard/providers-core';
import type { ResolvedProvider } from '../provider/resolved-provider';
import type { UpstreamClient, UpstreamResponse } from './upstream-client';
import { UpstreamTimeoutError, UpstreamUnreachableError } from './upstream-errors';
import type { UpstreamState } from './upstream-state';

/** A successful response (status < 400) whose body is still to be read, or the error that ended the tries. */
export type UpstreamOutcome = { ok: true; response: UpstreamResponse } | { ok: false; error: ErrorPart };

export interface RetryContext {
  client: UpstreamClient;
  adapter: ProviderAdapter;
  provider: ResolvedProvider;
  state: UpstreamState;
  logger: Logger;
  /** Epoch ms after which nobody waits for the answer. */
  deadline: number;
  signal: AbortSignal;
  /** Injected for tests. */
  sleep?: (ms: number, signal: AbortSignal) => Promise<void>;
}

const BASE_BACKOFF_MS = 200;

function defaultSleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(resolve, ms);
    signal.addEventListener('abort', () => {
      clearTimeout(timer);
      resolve();
    }, { once: true });
  });
}

/** One attempt: the response, or the error part describing why it failed and how long the provider asked us to wait. */
async function attempt(ctx: RetryContext, request: UpstreamRequest): Promise<UpstreamOutcome & { waitMs?: number }> {
  const { client, adapter, provider, state } = ctx;
  try {
    const response = await client.send(request, ctx.signal);
    const now = Date.now();
    state.reached(adapter.readRateLimits(response.headers, now));
    if (response.status < 400) return { ok: true, response };
    const body = await response.text().catch(() => '');
    if (response.status === 401 || response.status === 403) state.unreachable(`credentials rejected (HTTP ${response.status})`);
    return { ok: false, error: adapter.convertError(response.status, body, response.headers), waitMs: retryAfterMs(response.headers, now) };
  } catch (error) {
    if (error instanceof UpstreamUnreachableError) {
      state.unreachable(error.message);
      return { ok: false, error: errorPart('service_unavailable', `${provider.name}: ${error.message}.`, { retryable: true }) };
    }
    if (error instanceof UpstreamTimeoutError) {
      return { ok: false, error: errorPart('timeout', `${provider.name}: ${error.message}.`, { retryable: true }) };
    }
    return { ok: false, error: errorPart('upstream_error', `${provider.name}: the request failed.`, { retryable: true }) };
  }
}

/**
 * Sends the request, retrying retryable failures (429, 5xx, 408, 409, timeouts, refused connections)
 * with exponential backoff and jitter, or after the provider's `retry-after`. It gives up, leaving
 * the failure to the router's fallback, when retries run out, when the wait would exceed
 * `maxRetryWaitMs`, or when it would pass the request's deadline.
 */
export async function callWithRetries(ctx: RetryContext, request: UpstreamRequest): Promise<UpstreamOutcome> {
  const sleep = ctx.sleep ?? defaultSleep;
  for (let tries = 0; ; tries++) {
    const result = await attempt(ctx, request);
    if (result.ok) return result;
    if (ctx.signal.aborted) return { ok: false, error: errorPart('cancelled', 'The request was cancelled.') };
    const failure = result.error;
    // A spent quota does not come back in seconds: another backend may answer, this one will not.
    if (!failure.retryable || failure.code === 'insufficient_quota' || tries >= ctx.provider.maxRetries) return { ok: false, error: failure };
    const backoff = result.waitMs ?? Math.round(BASE_BACKOFF_MS * 2 ** tries * (0.5 + Math.random() / 2));
    if (backoff > ctx.provider.maxRetryWaitMs || Date.now() + backoff >= ctx.deadline) return { ok: false, error: failure };
    ctx.logger.warn({ code: failure.code, retryInMs: backoff, attempt: tries + 1 }, 'upstream failed; retrying');
    await sleep(backoff, ctx.signal);
    if (ctx.signal.aborted) return { ok: false, error: errorPart('cancelled', 'The request was cancelled.') };
  }
}
