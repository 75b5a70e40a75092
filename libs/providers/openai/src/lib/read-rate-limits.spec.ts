import type { RateLimitSnapshot } from '@switchyard/contracts';
import { readRateLimits } from './read-rate-limits';

const NOW = Date.parse('2026-11-22T12:00:00Z');

const OPENAI_HEADERS = {
  'x-ratelimit-limit-requests': '10000',
  'x-ratelimit-limit-tokens': '30000000',
  'x-ratelimit-remaining-requests': '9999',
  'x-ratelimit-remaining-tokens': '29999978',
  'x-ratelimit-reset-requests': '6ms',
  'x-ratelimit-reset-tokens': '0s',
};

describe('readRateLimits', () => {
  it.each<[string, Record<string, string>, RateLimitSnapshot | undefined]>([
    [
      "OpenAI's six headers",
      OPENAI_HEADERS,
      {
        observedAt: NOW,
        requests: { limit: 10000, remaining: 9999, resetAt: NOW + 6 },
        tokens: { limit: 30_000_000, remaining: 29_999_978, resetAt: NOW },
      },
    ],
    [
      "Groq's minute-long windows",
      {
        'x-ratelimit-limit-requests': '14400',
        'x-ratelimit-remaining-requests': '14370',
        'x-ratelimit-reset-requests': '2m59.56s',
        'x-ratelimit-limit-tokens': '6000',
        'x-ratelimit-remaining-tokens': '5997',
        'x-ratelimit-reset-tokens': '30ms',
      },
      {
        observedAt: NOW,
        requests: { limit: 14400, remaining: 14370, resetAt: NOW + 179_560 },
        tokens: { limit: 6000, remaining: 5997, resetAt: NOW + 30 },
      },
    ],
    [
      'an exhausted window with hours to reset',
      { 'x-ratelimit-remaining-requests': '0', 'x-ratelimit-reset-requests': '1h2m3.5s' },
      { observedAt: NOW, requests: { remaining: 0, resetAt: NOW + 3_723_500 } },
    ],
    ['tokens only', { 'x-ratelimit-remaining-tokens': '512' }, { observedAt: NOW, tokens: { remaining: 512 } }],
    ['retry-after seconds', { 'retry-after': '20' }, { observedAt: NOW, retryAfterUntil: NOW + 20_000 }],
    ['retry-after-ms', { 'retry-after-ms': '1500', 'retry-after': '2' }, { observedAt: NOW, retryAfterUntil: NOW + 1500 }],
    [
      'a 429 with both',
      { ...OPENAI_HEADERS, 'x-ratelimit-remaining-requests': '0', 'x-ratelimit-reset-requests': '8.64s', 'retry-after': '9' },
      {
        observedAt: NOW,
        requests: { limit: 10000, remaining: 0, resetAt: NOW + 8640 },
        tokens: { limit: 30_000_000, remaining: 29_999_978, resetAt: NOW },
        retryAfterUntil: NOW + 9000,
      },
    ],
    [
      'unreadable values skipped',
      { 'x-ratelimit-limit-requests': 'lots', 'x-ratelimit-remaining-requests': '-1', 'x-ratelimit-reset-requests': 'soon', 'x-ratelimit-remaining-tokens': '100' },
      { observedAt: NOW, tokens: { remaining: 100 } },
    ],
    ['only unreadable values', { 'x-ratelimit-limit-requests': 'lots', 'retry-after': 'later' }, undefined],
    ['no rate-limit headers', { 'content-type': 'application/json', 'openai-processing-ms': '312' }, undefined],
    ['no headers', {}, undefined],
  ])('%s', (_name, headers, expected) => {
    expect(readRateLimits(headers, NOW)).toEqual(expected);
  });
});
