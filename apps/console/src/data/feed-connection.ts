import type { ConsoleFeedEvent } from '@switchyard/contracts';
import { CONSOLE_API, type FetchLike } from './api-client';
import { type ApiError, errorFromFailure, errorFromResponse } from './api-error';
import { backoffDelay, waitFor } from './backoff';
import { createFeedDecoder } from './feed-decoder';

export type FeedStatus =
  | { state: 'connecting' }
  | { state: 'live'; since: number }
  | { state: 'reconnecting'; retryAt: number; reason: string; attempt: number }
  /** Refused for good (wrong or missing admin token): no retry. */
  | { state: 'stopped'; reason: string };

export interface FeedConnectionOptions {
  fetch: FetchLike;
  token: string;
  onEvent: (event: ConsoleFeedEvent) => void;
  onStatus: (status: FeedStatus) => void;
  onSignedOut?: (error: ApiError) => void;
  url?: string;
  /** With no bytes for this long (the server pings every 15 s) the connection counts as dead. */
  idleTimeoutMs?: number;
  now?: () => number;
  random?: () => number;
  wait?: (ms: number, signal: AbortSignal) => Promise<void>;
}

export interface FeedConnection {
  close(): void;
}

export const FEED_URL = `${CONSOLE_API}/feed`;
const IDLE_TIMEOUT_MS = 45_000;

/** How one connection ended. */
interface Ended {
  reason: string;
  /** Bytes came, so the server was healthy for a while: the backoff starts over. */
  received: boolean;
  /** A 401 or 403: retrying cannot help. */
  refused?: ApiError;
}

/**
 * Keeps the feed open: reads it with fetch (it needs the Authorization header, which EventSource cannot send),
 * reconnects with backoff whenever it drops, and stops for good on a 401 or 403.
 */
export function connectFeed(options: FeedConnectionOptions): FeedConnection {
  const closed = new AbortController();
  const now = options.now ?? Date.now;
  const wait = options.wait ?? waitFor;
  const idleTimeoutMs = options.idleTimeoutMs ?? IDLE_TIMEOUT_MS;
  const decoder = createFeedDecoder((event) => options.onEvent(event));

  async function readOnce(): Promise<Ended> {
    const connection = new AbortController();
    const abort = (): void => connection.abort();
    closed.signal.addEventListener('abort', abort, { once: true });
    let idle: ReturnType<typeof setTimeout> | undefined;
    const touch = (): void => {
      clearTimeout(idle);
      idle = setTimeout(abort, idleTimeoutMs);
    };
    let received = false;
    try {
      const response = await options.fetch(options.url ?? FEED_URL, {
        headers: { Authorization: `Bearer ${options.token}`, Accept: 'text/event-stream' },
        cache: 'no-store',
        signal: connection.signal,
      });
      if (!response.ok) {
        const error = await errorFromResponse(response);
        const refused = error.status === 401 || error.status === 403 ? error : undefined;
        return { reason: error.message, received, refused };
      }
      if (!response.body) return { reason: 'The feed answered without a body', received };
      options.onStatus({ state: 'live', since: now() });
      decoder.reset();
      touch();
      const reader = response.body.getReader();
      for (;;) {
        const { done, value } = await reader.read();
        if (done) return { reason: 'The feed closed', received };
        received = true;
        touch();
        decoder.push(value);
      }
    } catch (error) {
      if (connection.signal.aborted && !closed.signal.aborted) return { reason: 'The feed went silent', received };
      return { reason: errorFromFailure(error).message, received };
    } finally {
      clearTimeout(idle);
      closed.signal.removeEventListener('abort', abort);
    }
  }

  async function run(): Promise<void> {
    let attempt = 0;
    options.onStatus({ state: 'connecting' });
    while (!closed.signal.aborted) {
      const ended = await readOnce();
      if (closed.signal.aborted) return;
      if (ended.refused) {
        options.onStatus({ state: 'stopped', reason: ended.reason });
        if (ended.refused.signedOut) options.onSignedOut?.(ended.refused);
        return;
      }
      if (ended.received) attempt = 0;
      const delay = backoffDelay(attempt, options.random);
      attempt++;
      options.onStatus({ state: 'reconnecting', retryAt: now() + delay, reason: ended.reason, attempt });
      await wait(delay, closed.signal);
    }
  }

  void run();
  return { close: () => closed.abort() };
}
