import { retryAfterMs } from './retry-after';

const NOW = Date.parse('2026-11-22T12:00:00Z');

describe('retryAfterMs', () => {
  it.each([
    ['seconds', { 'retry-after': '3' }, 3000],
    ['fractional seconds', { 'retry-after': '0.5' }, 500],
    ['retry-after-ms wins', { 'retry-after-ms': '250', 'retry-after': '3' }, 250],
    ['an HTTP date', { 'retry-after': 'Sun, 22 Nov 2026 12:00:10 GMT' }, 10_000],
    ['a date in the past', { 'retry-after': 'Sun, 22 Nov 2026 11:00:00 GMT' }, 0],
    ['garbage', { 'retry-after': 'soon' }, undefined],
    ['absent', {}, undefined],
  ])('%s', (_name, headers, expected) => {
    expect(retryAfterMs(headers, NOW)).toBe(expected);
  });
});
