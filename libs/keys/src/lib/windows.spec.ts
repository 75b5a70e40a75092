import { charge, DAY_MS, judge, MINUTE_MS, rateLimitState, rollCounters, type UsageCounters } from './windows';

const LIMITS = { rpm: 10, tpm: 1_000, rpd: 100 };
/** 2025-01-01T12:30:15.000Z: 15 s into a minute, 12.5 h into a day. */
const NOW = Date.UTC(2025, 0, 1, 12, 30, 15);
const MINUTE = NOW - 15_000;
const DAY = Date.UTC(2025, 0, 1);

function counters(minute: { requests: number; tokens: number }, dayRequests: number, minuteStart = MINUTE, dayStart = DAY): UsageCounters {
  return { minute: { start: minuteStart, ...minute }, day: { start: dayStart, requests: dayRequests } };
}

describe('rollCounters', () => {
  it('starts empty windows when nothing is stored', () => {
    expect(rollCounters(undefined, NOW)).toEqual(counters({ requests: 0, tokens: 0 }, 0));
  });

  it('keeps the current windows', () => {
    const stored = counters({ requests: 3, tokens: 40 }, 7);
    expect(rollCounters(stored, NOW)).toEqual(stored);
  });

  it('starts a new minute when the minute is over, keeping the day', () => {
    const stored = counters({ requests: 3, tokens: 40 }, 7);
    expect(rollCounters(stored, MINUTE + MINUTE_MS)).toEqual(counters({ requests: 0, tokens: 0 }, 7, MINUTE + MINUTE_MS));
  });

  it('starts a new day at UTC midnight', () => {
    const stored = counters({ requests: 3, tokens: 40 }, 99);
    const rolled = rollCounters(stored, DAY + DAY_MS + 1);
    expect(rolled.day).toEqual({ start: DAY + DAY_MS, requests: 0 });
    expect(rolled.minute.requests).toBe(0);
  });

  it("keeps a window from another replica's clock running ahead", () => {
    const ahead = counters({ requests: 2, tokens: 5 }, 2, MINUTE + MINUTE_MS);
    expect(rollCounters(ahead, NOW)).toEqual(ahead);
  });
});

describe('judge', () => {
  it.each<[string, UsageCounters, number, ReturnType<typeof judge>]>([
    ['room left', counters({ requests: 9, tokens: 900 }, 99), 100, undefined],
    [
      'the requests per minute used up',
      counters({ requests: 10, tokens: 0 }, 10),
      1,
      { kind: 'requests', window: 'minute', limit: 10, used: 10, requested: 1, retryAfterMs: 45_000 },
    ],
    [
      'too many tokens',
      counters({ requests: 1, tokens: 950 }, 1),
      51,
      { kind: 'tokens', window: 'minute', limit: 1_000, used: 950, requested: 51, retryAfterMs: 45_000 },
    ],
    [
      'a request larger than the whole token limit',
      counters({ requests: 0, tokens: 0 }, 0),
      1_001,
      { kind: 'tokens', window: 'minute', limit: 1_000, used: 0, requested: 1_001, retryAfterMs: 45_000 },
    ],
    [
      'the day used up (it wins over the minute: the longer wait)',
      counters({ requests: 10, tokens: 1_000 }, 100),
      1,
      { kind: 'requests', window: 'day', limit: 100, used: 100, requested: 1, retryAfterMs: DAY + DAY_MS - NOW },
    ],
  ])('%s', (_name, state, tokens, expected) => {
    expect(judge(state, LIMITS, tokens, NOW)).toEqual(expected);
  });
});

describe('charge and rateLimitState', () => {
  it('counts one request and its tokens in both windows', () => {
    expect(charge(counters({ requests: 1, tokens: 10 }, 5), 30)).toEqual(counters({ requests: 2, tokens: 40 }, 6));
  });

  it('reports the minute while it is the tighter window', () => {
    expect(rateLimitState(counters({ requests: 4, tokens: 250 }, 10), LIMITS, NOW)).toEqual({
      requests: { window: 'minute', limit: 10, remaining: 6, resetMs: 45_000, resetAt: MINUTE + 60_000 },
      tokens: { limit: 1_000, remaining: 750, resetMs: 45_000, resetAt: MINUTE + 60_000 },
    });
  });

  it('reports the day when it has less left', () => {
    const state = rateLimitState(counters({ requests: 1, tokens: 0 }, 97), LIMITS, NOW);
    expect(state.requests).toEqual({ window: 'day', limit: 100, remaining: 3, resetMs: DAY + DAY_MS - NOW, resetAt: DAY + DAY_MS });
  });

  it('never reports less than zero remaining', () => {
    const state = rateLimitState(counters({ requests: 12, tokens: 1_400 }, 12), LIMITS, NOW);
    expect(state.requests.remaining).toBe(0);
    expect(state.tokens.remaining).toBe(0);
  });
});
