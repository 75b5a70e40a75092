import type { RateLimitSnapshot } from '@switchyard/contracts';
import { readAnthropicRateLimits } from './read-anthropic-rate-limits';

const NOW = Date.parse('2025-08-21T12:40:58Z');
const at = (iso: string) => Date.parse(iso);

/** The headers of a real Messages API response. */
const full: Record<string, string> = {
  'anthropic-ratelimit-input-tokens-limit': '80000',
  'anthropic-ratelimit-input-tokens-remaining': '79000',
  'anthropic-ratelimit-input-tokens-reset': '2025-08-21T12:40:59Z',
  'anthropic-ratelimit-output-tokens-limit': '16000',
  'anthropic-ratelimit-output-tokens-remaining': '15800',
  'anthropic-ratelimit-output-tokens-reset': '2025-08-21T12:41:00Z',
  'anthropic-ratelimit-requests-limit': '1000',
  'anthropic-ratelimit-requests-remaining': '999',
  'anthropic-ratelimit-requests-reset': '2025-08-21T12:40:59Z',
  'anthropic-ratelimit-tokens-limit': '96000',
  'anthropic-ratelimit-tokens-remaining': '94800',
  'anthropic-ratelimit-tokens-reset': '2025-08-21T12:40:59Z',
  'request-id': 'req_011CSLsW7mFqvHHnzrKdKjAE',
  'content-type': 'application/json',
};

describe('readAnthropicRateLimits', () => {
  it.each<[string, Record<string, string>, RateLimitSnapshot | undefined]>([
    [
      'every window',
      full,
      {
        observedAt: NOW,
        requests: { limit: 1000, remaining: 999, resetAt: at('2025-08-21T12:40:59Z') },
        tokens: { limit: 96000, remaining: 94800, resetAt: at('2025-08-21T12:40:59Z') },
        inputTokens: { limit: 80000, remaining: 79000, resetAt: at('2025-08-21T12:40:59Z') },
        outputTokens: { limit: 16000, remaining: 15800, resetAt: at('2025-08-21T12:41:00Z') },
      },
    ],
    [
      'a 429 with retry-after in seconds',
      { 'anthropic-ratelimit-requests-limit': '50', 'anthropic-ratelimit-requests-remaining': '0', 'anthropic-ratelimit-requests-reset': '2025-08-21T12:41:30Z', 'retry-after': '32' },
      { observedAt: NOW, requests: { limit: 50, remaining: 0, resetAt: at('2025-08-21T12:41:30Z') }, retryAfterUntil: NOW + 32_000 },
    ],
    ['retry-after alone', { 'retry-after': '5' }, { observedAt: NOW, retryAfterUntil: NOW + 5000 }],
    ['a partial window', { 'anthropic-ratelimit-tokens-remaining': '120' }, { observedAt: NOW, tokens: { remaining: 120 } }],
    ['a reset with fractional seconds', { 'anthropic-ratelimit-requests-reset': '2025-08-21T12:40:59.250Z' }, { observedAt: NOW, requests: { resetAt: at('2025-08-21T12:40:59.250Z') } }],
    ['unreadable values skipped', { 'anthropic-ratelimit-requests-limit': 'lots', 'anthropic-ratelimit-requests-remaining': '7', 'anthropic-ratelimit-requests-reset': 'soon' }, { observedAt: NOW, requests: { remaining: 7 } }],
    ['no rate-limit headers', { 'content-type': 'application/json', 'request-id': 'req_1' }, undefined],
    ['only unreadable headers', { 'anthropic-ratelimit-tokens-limit': '', 'retry-after': 'later' }, undefined],
  ])('reads %s', (_name, headers, expected) => {
    expect(readAnthropicRateLimits(headers, NOW)).toEqual(expected);
  });
});
