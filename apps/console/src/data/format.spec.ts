import {
  formatBytes,
  formatClock,
  formatDateTime,
  formatFromNow,
  formatMs,
  formatNumber,
  formatPercent,
  formatRequestsPerSecond,
  formatShare,
  formatTokens,
  formatTokensPerSecond,
} from './format';

describe('format', () => {
  it('groups thousands and limits fraction digits', () => {
    expect(formatNumber(1234567)).toBe('1,234,567');
    expect(formatNumber(1.23456, 2)).toBe('1.23');
    expect(formatNumber(2, 2)).toBe('2');
  });

  it('writes milliseconds with a decimal only below 10 ms', () => {
    expect(formatMs(0.44)).toBe('0.4 ms');
    expect(formatMs(9.96)).toBe('10 ms');
    expect(formatMs(12.6)).toBe('13 ms');
    expect(formatMs(1234.4)).toBe('1,234 ms');
    expect(formatMs(0)).toBe('0 ms');
  });

  it('shows a dash for a missing figure in every unit', () => {
    for (const format of [formatMs, formatBytes, formatTokens, formatTokensPerSecond, formatRequestsPerSecond, formatPercent, formatShare]) {
      expect(format(null)).toBe('—');
      expect(format(undefined)).toBe('—');
      expect(format(Number.NaN)).toBe('—');
    }
  });

  it('writes bytes in MiB below a GiB and in GiB from one', () => {
    expect(formatBytes(512 * 1024)).toBe('0.5 MiB');
    expect(formatBytes(300 * 1024 ** 2)).toBe('300 MiB');
    expect(formatBytes(1023.5 * 1024 ** 2)).toBe('1,023.5 MiB');
    expect(formatBytes(1024 ** 3)).toBe('1 GiB');
    expect(formatBytes(24 * 1024 ** 3 - 1)).toBe('24 GiB');
    expect(formatBytes(1.5 * 1024 ** 3)).toBe('1.5 GiB');
  });

  it('writes tokens, singular for one', () => {
    expect(formatTokens(1)).toBe('1 token');
    expect(formatTokens(0)).toBe('0 tokens');
    expect(formatTokens(150000)).toBe('150,000 tokens');
  });

  it('writes rates and percentages with their units', () => {
    expect(formatTokensPerSecond(3.14159)).toBe('3.14 tokens/s');
    expect(formatTokensPerSecond(42.26)).toBe('42.3 tokens/s');
    expect(formatRequestsPerSecond(0.2)).toBe('0.2 req/s');
    expect(formatRequestsPerSecond(1 / 3)).toBe('0.33 req/s');
    expect(formatPercent(12.345)).toBe('12.3%');
    expect(formatPercent(100)).toBe('100%');
    expect(formatShare(0.425)).toBe('42.5%');
  });

  it('writes times in a given zone', () => {
    const at = Date.parse('2024-03-05T07:08:09Z');
    expect(formatClock(at, 'UTC')).toBe('07:08:09');
    expect(formatDateTime(at, 'UTC')).toBe('2024-03-05 07:08:09');
    expect(formatDateTime('2024-03-05T00:00:00Z', 'UTC')).toBe('2024-03-05 00:00:00');
    expect(formatDateTime('not a date')).toBe('not a date');
  });

  it('says how far away a moment is', () => {
    expect(formatFromNow(12_000, 0)).toBe('in 12 s');
    expect(formatFromNow(0, 5_000)).toBe('5 s ago');
    expect(formatFromNow(180_000, 0)).toBe('in 3 min');
    expect(formatFromNow(2 * 3600_000, 0)).toBe('in 2 h');
  });
});
