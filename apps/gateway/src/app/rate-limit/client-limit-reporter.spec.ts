import { SUBJECTS, ClientRateLimitEventSchema, type ClientRateLimitEvent } from '@switchyard/contracts';
import type { RateLimitState } from '@switchyard/keys';
import { ClientLimitReporter } from './client-limit-reporter';

/** A state with `requests` and `tokens` left of 10 and 1000. */
function state(requests: number, tokens: number): RateLimitState {
  return {
    requests: { window: 'minute', limit: 10, remaining: requests, resetMs: 30_000, resetAt: 1_700_000_030_000 },
    tokens: { limit: 1_000, remaining: tokens, resetMs: 30_000, resetAt: 1_700_000_030_000 },
  };
}

describe('ClientLimitReporter', () => {
  /** The minute the test runs in, and 40 s into it. */
  const MINUTE = 1_700_000_040_000;
  const T0 = MINUTE + 40_000;
  let clock: number;
  let sent: Array<{ subject: string; event: ClientRateLimitEvent; id: string }>;
  let reporter: ClientLimitReporter;

  beforeEach(() => {
    jest.useFakeTimers();
    clock = T0;
    sent = [];
    reporter = new ClientLimitReporter({ publish: (subject, event, id) => sent.push({ subject, event: ClientRateLimitEventSchema.parse(event), id }) }, () => clock);
  });

  afterEach(() => {
    reporter.close();
    jest.useRealTimers();
  });

  const advance = (ms: number): void => {
    clock += ms;
    jest.advanceTimersByTime(ms);
  };

  it('sends the first reading of a key at once, with the limits and what is left', () => {
    reporter.report('key_A', state(9, 898));
    expect(sent).toEqual([
      { subject: SUBJECTS.clientRateLimitEvent, event: { keyId: 'key_A', at: T0, requests: { limit: 10, remaining: 9 }, tokens: { limit: 1_000, remaining: 898 } }, id: expect.stringMatching(/^key_A:\d+:/) },
    ]);
  });

  it('sends at most one event a second per key, ending a burst with its latest reading', () => {
    reporter.report('key_A', state(9, 900));
    advance(100);
    reporter.report('key_A', state(8, 800));
    advance(100);
    reporter.report('key_A', state(7, 700));
    expect(sent).toHaveLength(1);
    advance(799);
    expect(sent).toHaveLength(1);
    advance(1);
    expect(sent.map((s) => s.event.requests.remaining)).toEqual([9, 7]);
    expect(sent[1].event.at).toBe(T0 + 200);
    advance(5_000);
    expect(sent).toHaveLength(2);
    reporter.report('key_A', state(6, 600));
    expect(sent.map((s) => s.event.requests.remaining)).toEqual([9, 7, 6]);
  });

  it('throttles each key on its own', () => {
    reporter.report('key_A', state(9, 900));
    reporter.report('key_B', state(4, 400));
    expect(sent.map((s) => s.event.keyId)).toEqual(['key_A', 'key_B']);
    expect(new Set(sent.map((s) => s.id)).size).toBe(2);
  });

  it.each<[string, number, number, number]>([
    ['gives back what the estimate over-reserved', 100, 10, 990],
    ['takes what the usage exceeded the estimate by', 10, 60, 850],
    ['never below zero', 10, 5_000, 0],
    ['never above the limit', 1_000, 0, 1_000],
  ])('after settling, %s', (_name, reserved, actual, remaining) => {
    reporter.report('key_A', state(9, 900));
    advance(2_000);
    reporter.reconciled({ keyId: 'key_A', minuteStart: MINUTE, tokens: reserved }, actual);
    expect(sent.at(-1)?.event.tokens).toEqual({ limit: 1_000, remaining });
  });

  it('ignores a reconciliation of another minute or of an unknown key', () => {
    reporter.report('key_A', state(9, 900));
    advance(2_000);
    reporter.reconciled({ keyId: 'key_A', minuteStart: MINUTE - 60_000, tokens: 100 }, 10);
    reporter.reconciled({ keyId: 'key_Z', minuteStart: MINUTE, tokens: 100 }, 10);
    expect(sent).toHaveLength(1);
  });
});
