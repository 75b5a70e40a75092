import type { RateLimitSnapshot, UpstreamStatus } from '@switchyard/contracts';
import { noHeadroomUntil } from './headroom';

const NOW = 1_700_000_000_000;
const OBSERVED = NOW - 200;
const RESET = NOW + 30_000;
const PROMPT = 1_000;

const upstream = (limits: Omit<RateLimitSnapshot, 'observedAt'>, observedAt = OBSERVED): UpstreamStatus => ({
  reachable: true,
  checkedAt: observedAt,
  rateLimits: { observedAt, ...limits },
});

describe('noHeadroomUntil', () => {
  it.each<[string, UpstreamStatus | undefined, number | undefined]>([
    ['no upstream status (local workers)', undefined, undefined],
    ['no rate-limit reading yet', { reachable: true, checkedAt: OBSERVED }, undefined],
    ['an empty reading', upstream({}), undefined],
    ['a limit without a remaining count', upstream({ requests: { limit: 500, resetAt: RESET } }), undefined],
    ['requests left', upstream({ requests: { limit: 500, remaining: 1, resetAt: RESET } }), undefined],
    ['tokens enough for the prompt, exactly', upstream({ tokens: { remaining: PROMPT, resetAt: RESET } }), undefined],
    ['input tokens enough for the prompt', upstream({ inputTokens: { remaining: 5_000, resetAt: RESET } }), undefined],
    ['output tokens left', upstream({ outputTokens: { remaining: 1, resetAt: RESET } }), undefined],
    ['a retry-after that has passed', upstream({ retryAfterUntil: NOW - 1 }), undefined],
    ['a window that reset since the reading', upstream({ requests: { remaining: 0, resetAt: NOW - 1 } }), undefined],
    ['a reset due right now', upstream({ requests: { remaining: 0, resetAt: NOW } }), undefined],
  ])('finds headroom with %s', (_name, status, expected) => {
    expect(noHeadroomUntil(status, PROMPT, NOW)).toBe(expected);
  });

  it.each<[string, UpstreamStatus, number]>([
    ['no requests left', upstream({ requests: { limit: 500, remaining: 0, resetAt: RESET } }), RESET],
    ['fewer tokens left than the prompt needs', upstream({ tokens: { remaining: PROMPT - 1, resetAt: RESET } }), RESET],
    ['fewer input tokens left than the prompt needs', upstream({ inputTokens: { remaining: 10, resetAt: RESET } }), RESET],
    ['no output tokens left', upstream({ outputTokens: { remaining: 0, resetAt: RESET } }), RESET],
    ['a retry-after still running', upstream({ retryAfterUntil: NOW + 5_000 }), NOW + 5_000],
    ['nothing left and no reset time: a second after the reading', upstream({ requests: { remaining: 0 } }), OBSERVED + 1_000],
    [
      'several windows exhausted: the latest reset',
      upstream({ requests: { remaining: 0, resetAt: NOW + 1_000 }, tokens: { remaining: 0, resetAt: NOW + 60_000 }, retryAfterUntil: NOW + 2_000 }),
      NOW + 60_000,
    ],
    [
      'one window exhausted, another fine',
      upstream({ requests: { remaining: 100, resetAt: NOW + 1_000 }, tokens: { remaining: 10, resetAt: NOW + 7_000 } }),
      NOW + 7_000,
    ],
  ])('has none with %s', (_name, status, until) => {
    expect(noHeadroomUntil(status, PROMPT, NOW)).toBe(until);
  });

  it('stops trusting "nothing left" without a reset time a second after the reading', () => {
    const status = upstream({ tokens: { remaining: 0 } }, NOW);
    expect(noHeadroomUntil(status, PROMPT, NOW + 999)).toBe(NOW + 1_000);
    expect(noHeadroomUntil(status, PROMPT, NOW + 1_000)).toBeUndefined();
  });

  it('weighs the token windows against the prompt size', () => {
    const status = upstream({ tokens: { remaining: 800, resetAt: RESET }, inputTokens: { remaining: 2_000, resetAt: RESET + 1 } });
    expect(noHeadroomUntil(status, 500, NOW)).toBeUndefined();
    expect(noHeadroomUntil(status, 800, NOW)).toBeUndefined();
    expect(noHeadroomUntil(status, 801, NOW)).toBe(RESET);
    expect(noHeadroomUntil(status, 2_001, NOW)).toBe(RESET + 1);
  });

  it('needs at least one token even for an empty prompt', () => {
    expect(noHeadroomUntil(upstream({ tokens: { remaining: 0, resetAt: RESET } }), 0, NOW)).toBe(RESET);
    expect(noHeadroomUntil(upstream({ tokens: { remaining: 1, resetAt: RESET } }), 0, NOW)).toBeUndefined();
  });
});
