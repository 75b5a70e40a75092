import { buildUsageReport } from './usage-report';
import type { UsageRecord } from './usage-record';

const record = (date: string, keyId: string, model: string, requests: number, promptTokens: number, completionTokens: number): UsageRecord => ({
  date,
  keyId,
  model,
  requests,
  promptTokens,
  completionTokens,
});

describe('buildUsageReport', () => {
  const query = { from: '2025-03-13', to: '2025-03-14', days: ['2025-03-13', '2025-03-14'] };

  it('sums per day and model over keys, ordered by day then model, with a total', () => {
    const report = buildUsageReport(query, [
      record('2025-03-14', 'key_b', 'openai:gpt-4o-mini', 1, 100, 50),
      record('2025-03-14', 'key_a', 'local:stories260k', 2, 10, 20),
      record('2025-03-13', 'key_a', 'local:stories260k', 1, 1, 2),
      record('2025-03-14', 'key_b', 'local:stories260k', 3, 30, 60),
    ]);
    expect(report).toEqual({
      object: 'usage.report',
      key: null,
      from: '2025-03-13',
      to: '2025-03-14',
      data: [
        { date: '2025-03-13', model: 'local:stories260k', requests: 1, prompt_tokens: 1, completion_tokens: 2, total_tokens: 3 },
        { date: '2025-03-14', model: 'local:stories260k', requests: 5, prompt_tokens: 40, completion_tokens: 80, total_tokens: 120 },
        { date: '2025-03-14', model: 'openai:gpt-4o-mini', requests: 1, prompt_tokens: 100, completion_tokens: 50, total_tokens: 150 },
      ],
      total: { requests: 7, prompt_tokens: 141, completion_tokens: 132, total_tokens: 273 },
    });
  });

  it('names the key asked about, and answers an empty report when nothing was used', () => {
    expect(buildUsageReport({ ...query, keyId: 'key_a' }, [])).toEqual({
      object: 'usage.report',
      key: 'key_a',
      from: '2025-03-13',
      to: '2025-03-14',
      data: [],
      total: { requests: 0, prompt_tokens: 0, completion_tokens: 0, total_tokens: 0 },
    });
  });
});
