import type { UsageReport, UsageRow, UsageTotals } from '@switchyard/contracts';
import type { ParsedUsageQuery } from './usage-query';
import type { UsageRecord } from './usage-record';

function totalsOf(requests: number, prompt: number, completion: number): UsageTotals {
  return { requests, prompt_tokens: prompt, completion_tokens: completion, total_tokens: prompt + completion };
}

/** Sums `records` per UTC day and model (over keys, when the query names none), ordered by day then model. */
export function buildUsageReport(query: ParsedUsageQuery, records: readonly UsageRecord[]): UsageReport {
  const rows = new Map<string, UsageRow>();
  for (const record of records) {
    const id = `${record.date}\n${record.model}`;
    const row = rows.get(id) ?? { date: record.date, model: record.model, ...totalsOf(0, 0, 0) };
    rows.set(id, {
      ...row,
      ...totalsOf(row.requests + record.requests, row.prompt_tokens + record.promptTokens, row.completion_tokens + record.completionTokens),
    });
  }
  const data = [...rows.values()].sort((a, b) => (a.date === b.date ? (a.model < b.model ? -1 : 1) : a.date < b.date ? -1 : 1));
  const total = data.reduce((sum, row) => totalsOf(sum.requests + row.requests, sum.prompt_tokens + row.prompt_tokens, sum.completion_tokens + row.completion_tokens), totalsOf(0, 0, 0));
  return { object: 'usage.report', key: query.keyId ?? null, from: query.from, to: query.to, data, total };
}
