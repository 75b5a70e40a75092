import { formatResetDuration, rateLimitHeaders, resetEpochSeconds, waitSeconds } from './rate-limit-headers';
import { rateLimitError } from './rate-limit-error';

describe('formatResetDuration', () => {
  it.each<[number, string]>([
    [0, '0s'],
    [-5, '0s'],
    [1, '1ms'],
    [120, '120ms'],
    [999.2, '1s'],
    [1_000, '1s'],
    [1_500, '1.5s'],
    [8_640, '8.64s'],
    [59_999, '59.999s'],
    [60_000, '1m0s'],
    [360_000, '6m0s'],
    [90_500, '1m30.5s'],
    [3_600_000, '1h0m0s'],
    [3_723_000, '1h2m3s'],
    [86_400_000, '24h0m0s'],
  ])('%d ms → %s', (ms, expected) => {
    expect(formatResetDuration(ms)).toBe(expected);
  });
});

describe('waitSeconds', () => {
  it.each<[number, number]>([
    [0, 1],
    [1, 1],
    [1_000, 1],
    [1_001, 2],
    [59_500, 60],
  ])('%d ms → %d s', (ms, expected) => {
    expect(waitSeconds(ms)).toBe(expected);
  });
});

describe('resetEpochSeconds', () => {
  it.each<[number, number]>([
    [1_640_995_260_000, 1_640_995_260],
    [1_640_995_259_001, 1_640_995_260],
    [1_640_995_260_001, 1_640_995_261],
  ])('%d ms → %d', (resetAt, expected) => {
    expect(resetEpochSeconds(resetAt)).toBe(expected);
  });
});

describe('rateLimitHeaders', () => {
  const NOW = 1_640_995_200_000;

  it('reports requests and tokens, in both the X-RateLimit and the OpenAI style', () => {
    const headers = rateLimitHeaders({
      requests: { window: 'minute', limit: 10, remaining: 3, resetMs: 41_200, resetAt: NOW + 41_200 },
      tokens: { limit: 150_000, remaining: 149_000, resetMs: 41_200, resetAt: NOW + 41_200 },
    });
    expect(headers).toEqual({
      'X-RateLimit-Limit': '10',
      'X-RateLimit-Remaining': '3',
      'X-RateLimit-Reset': '1640995242',
      'x-ratelimit-limit-requests': '10',
      'x-ratelimit-remaining-requests': '3',
      'x-ratelimit-reset-requests': '41.2s',
      'x-ratelimit-limit-tokens': '150000',
      'x-ratelimit-remaining-tokens': '149000',
      'x-ratelimit-reset-tokens': '41.2s',
    });
  });

  it('reports the day when it is the tighter window', () => {
    const headers = rateLimitHeaders({
      requests: { window: 'day', limit: 3_500, remaining: 0, resetMs: 6 * 3_600_000, resetAt: NOW + 6 * 3_600_000 },
      tokens: { limit: 1_000, remaining: 1_000, resetMs: 20_000, resetAt: NOW + 20_000 },
    });
    expect(headers['x-ratelimit-reset-requests']).toBe('6h0m0s');
    expect(headers['X-RateLimit-Reset']).toBe(String(NOW / 1_000 + 21_600));
  });
});

describe('rateLimitError', () => {
  it.each([
    [
      'requests per minute',
      { kind: 'requests' as const, window: 'minute' as const, limit: 10, used: 10, requested: 1, retryAfterMs: 6_000 },
      "Rate limit reached for key 'team-a' on requests per min (RPM): Limit 10, Used 10, Requested 1. Please try again in 6s.",
    ],
    [
      'tokens per minute',
      { kind: 'tokens' as const, window: 'minute' as const, limit: 1_000, used: 900, requested: 300, retryAfterMs: 360_000 },
      "Rate limit reached for key 'team-a' on tokens per min (TPM): Limit 1000, Used 900, Requested 300. Please try again in 6m0s.",
    ],
    [
      'requests per day',
      { kind: 'requests' as const, window: 'day' as const, limit: 3_500, used: 3_500, requested: 1, retryAfterMs: 3_723_000 },
      "Rate limit reached for key 'team-a' on requests per day (RPD): Limit 3500, Used 3500, Requested 1. Please try again in 1h2m3s.",
    ],
  ])('answers %s with a 429 in OpenAI’s shape', (_name, refusal, message) => {
    expect(rateLimitError(refusal, 'team-a')).toEqual({
      status: 429,
      body: { error: { message, type: refusal.kind, param: null, code: 'rate_limit_exceeded' } },
    });
  });
});
