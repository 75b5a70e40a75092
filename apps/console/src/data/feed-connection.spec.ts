import type { ConsoleFeedEvent } from '@switchyard/contracts';
import type { FetchLike } from './api-client';
import type { ApiError } from './api-error';
import { BACKOFF_FIRST_MS, BACKOFF_MAX_MS, backoffDelay, waitFor } from './backoff';
import { connectFeed, type FeedStatus } from './feed-connection';
import { streamResponse } from './testing/fixtures';

const goodbye = (workerId: string): string => `event: goodbye\ndata: {"workerId":"${workerId}"}\n\n`;
const refusal = (status: number, message: string): Response => new Response(JSON.stringify({ error: { message, type: 'x', param: null, code: null } }), { status });

/** Runs a connection over scripted answers until it has waited `waits` times (or stopped), then closes it. */
async function run(answers: Array<() => Response | Promise<Response>>, waits: number) {
  const events: ConsoleFeedEvent[] = [];
  const statuses: FeedStatus[] = [];
  const delays: number[] = [];
  const signedOut: ApiError[] = [];
  const requests: RequestInit[] = [];
  let call = 0;
  let finish: () => void = () => undefined;
  const finished = new Promise<void>((resolve) => (finish = resolve));
  const fetch: FetchLike = async (_url, init) => {
    requests.push(init ?? {});
    const answer = answers[Math.min(call++, answers.length - 1)];
    return answer();
  };
  const connection = connectFeed({
    fetch,
    token: 'admin',
    onEvent: (event) => events.push(event),
    onStatus: (status) => {
      statuses.push(status);
      if (status.state === 'stopped') finish();
    },
    onSignedOut: (error) => signedOut.push(error),
    now: () => 1000,
    random: () => 0.5,
    wait: async (ms) => {
      delays.push(ms);
      if (delays.length >= waits) finish();
    },
  });
  await finished;
  connection.close();
  return { events, statuses, delays, signedOut, requests };
}

describe('backoff', () => {
  it('doubles from 0.5 s to a 15 s ceiling, spread ±20 %', () => {
    const mid = (): number => 0.5;
    expect([0, 1, 2, 3, 4, 5, 6, 10].map((attempt) => backoffDelay(attempt, mid))).toEqual([500, 1000, 2000, 4000, 8000, 15000, 15000, 15000]);
    expect(backoffDelay(0, () => 0)).toBe(BACKOFF_FIRST_MS * 0.8);
    expect(backoffDelay(20, () => 0.999999)).toBeLessThanOrEqual(BACKOFF_MAX_MS * 1.2);
  });

  it('waits, or stops waiting when aborted', async () => {
    const controller = new AbortController();
    const waiting = waitFor(60_000, controller.signal);
    controller.abort();
    await expect(waiting).resolves.toBeUndefined();
    await expect(waitFor(1, new AbortController().signal)).resolves.toBeUndefined();
  });
});

describe('feed connection', () => {
  it('sends the token, goes live, delivers events and reconnects when the stream ends', async () => {
    const { events, statuses, delays, requests } = await run([() => streamResponse([goodbye('a'), goodbye('b')]), () => streamResponse([goodbye('c')])], 2);
    expect(new Headers(requests[0].headers).get('Authorization')).toBe('Bearer admin');
    expect(events.map((event) => event.data)).toEqual([{ workerId: 'a' }, { workerId: 'b' }, { workerId: 'c' }]);
    expect(statuses.map((status) => status.state)).toEqual(['connecting', 'live', 'reconnecting', 'live', 'reconnecting']);
    // Each connection delivered bytes, so the backoff starts over each time.
    expect(delays).toEqual([500, 500]);
    expect(statuses[2]).toEqual({ state: 'reconnecting', retryAt: 1500, reason: 'The feed closed', attempt: 1 });
  });

  it('backs off further while the gateway cannot be reached', async () => {
    const { delays, statuses } = await run([() => Promise.reject(new TypeError('Failed to fetch'))], 4);
    expect(delays).toEqual([500, 1000, 2000, 4000]);
    expect(statuses.at(-1)).toMatchObject({ state: 'reconnecting', reason: 'Could not reach the gateway (Failed to fetch)' });
  });

  it('retries a 503 with backoff, carrying its message', async () => {
    const { delays, statuses } = await run([() => refusal(503, 'The router does not answer')], 2);
    expect(delays).toEqual([500, 1000]);
    expect(statuses[1]).toMatchObject({ state: 'reconnecting', reason: 'The router does not answer' });
  });

  it('stops and signs out on a 401', async () => {
    const { statuses, signedOut, delays } = await run([() => refusal(401, 'Invalid admin token')], 99);
    expect(statuses.at(-1)).toEqual({ state: 'stopped', reason: 'Invalid admin token' });
    expect(signedOut.map((error) => error.message)).toEqual(['Invalid admin token']);
    expect(delays).toEqual([]);
  });

  it('stops without signing out on a 403 (no admin token configured)', async () => {
    const { statuses, signedOut } = await run([() => refusal(403, 'No admin token is configured')], 99);
    expect(statuses.at(-1)).toEqual({ state: 'stopped', reason: 'No admin token is configured' });
    expect(signedOut).toEqual([]);
  });

  it('drops a connection that goes silent and reconnects', async () => {
    const silent = (init?: RequestInit): Response => {
      const body = new ReadableStream<Uint8Array>({
        start(controller) {
          init?.signal?.addEventListener('abort', () => controller.error(Object.assign(new Error('aborted'), { name: 'AbortError' })));
        },
      });
      return new Response(body);
    };
    const statuses: FeedStatus[] = [];
    let calls = 0;
    await new Promise<void>((resolve) => {
      const connection = connectFeed({
        fetch: async (_url, init) => {
          calls++;
          return silent(init);
        },
        token: 't',
        idleTimeoutMs: 20,
        onEvent: () => undefined,
        onStatus: (status) => {
          statuses.push(status);
          if (status.state === 'reconnecting') {
            connection.close();
            resolve();
          }
        },
        wait: async () => undefined,
      });
    });
    expect(calls).toBe(1);
    expect(statuses.at(-1)).toMatchObject({ state: 'reconnecting', reason: 'The feed went silent' });
  });

  it('stops reading and reporting once closed', async () => {
    const statuses: FeedStatus[] = [];
    const connection = connectFeed({
      fetch: () => Promise.reject(new TypeError('offline')),
      token: 't',
      onEvent: () => undefined,
      onStatus: (status) => statuses.push(status),
    });
    connection.close();
    await new Promise((resolve) => setTimeout(resolve, 10));
    expect(statuses.map((status) => status.state)).toEqual(['connecting']);
  });
});
