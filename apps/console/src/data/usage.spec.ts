import type { UsageReport } from '@switchyard/contracts';
import { daysOf, defaultUsageRange, rangeProblem, tokensPerDay, utcDay } from './usage';

function report(overrides: Partial<UsageReport>): UsageReport {
  return { object: 'usage.report', key: null, from: '2024-03-01', to: '2024-03-03', data: [], total: { requests: 0, prompt_tokens: 0, completion_tokens: 0, total_tokens: 0 }, ...overrides };
}

describe('usage', () => {
  it('defaults to the last 7 UTC days, today included', () => {
    // 23:30 UTC on the 10th: the 11th in some zones, still the 10th in UTC.
    expect(defaultUsageRange(Date.parse('2024-03-10T23:30:00Z'))).toEqual({ from: '2024-03-04', to: '2024-03-10' });
    expect(defaultUsageRange(Date.parse('2024-03-03T00:00:00Z'))).toEqual({ from: '2024-02-26', to: '2024-03-03' });
    expect(utcDay(Date.parse('2024-12-31T23:59:59.999Z'))).toBe('2024-12-31');
  });

  it('lists the days of a range, across a month end and a leap day', () => {
    expect(daysOf('2024-02-28', '2024-03-01')).toEqual(['2024-02-28', '2024-02-29', '2024-03-01']);
    expect(daysOf('2024-03-01', '2024-03-01')).toEqual(['2024-03-01']);
    expect(daysOf('2024-03-02', '2024-03-01')).toEqual([]);
    expect(daysOf('garbage', '2024-03-01')).toEqual([]);
  });

  it('says what is wrong with a range', () => {
    expect(rangeProblem('2024-03-01', '2024-03-07')).toBeNull();
    expect(rangeProblem('2024-03-08', '2024-03-07')).toMatch(/after/);
    expect(rangeProblem('', '2024-03-07')).toMatch(/both dates/);
  });

  it('sums total tokens per day over every model and fills empty days with 0', () => {
    const series = tokensPerDay(
      report({
        data: [
          { date: '2024-03-01', model: 'a', requests: 1, prompt_tokens: 1, completion_tokens: 1, total_tokens: 2 },
          { date: '2024-03-01', model: 'b', requests: 1, prompt_tokens: 5, completion_tokens: 5, total_tokens: 10 },
          { date: '2024-03-03', model: 'a', requests: 1, prompt_tokens: 3, completion_tokens: 4, total_tokens: 7 },
        ],
      }),
    );
    expect(series.tokens).toEqual([12, 0, 7]);
    expect(series.days).toEqual(['2024-03-01', '2024-03-02', '2024-03-03']);
  });

  it('keeps a row outside the range rather than losing it', () => {
    const series = tokensPerDay(report({ to: '2024-03-01', data: [{ date: '2024-03-05', model: 'a', requests: 1, prompt_tokens: 1, completion_tokens: 1, total_tokens: 2 }] }));
    expect(series).toEqual({ days: ['2024-03-01', '2024-03-05'], tokens: [0, 2] });
  });
});
