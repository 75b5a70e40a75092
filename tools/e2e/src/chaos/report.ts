import type { Outcome, Sample } from './load';

/** One scenario's line in the chaos table. */
export interface ScenarioRow {
  scenario: string;
  sent: number;
  counts: Record<Outcome, number>;
  /** Completed requests whose usage event never reached the events stream. */
  lostUsage: number;
  /** The longest any request took, in ms. */
  slowestMs: number;
}

export function countOutcomes(samples: readonly Sample[]): Record<Outcome, number> {
  const counts: Record<Outcome, number> = { completed: 0, clear: 0, hung: 0, cut: 0, unclear: 0 };
  for (const s of samples) counts[s.outcome]++;
  return counts;
}

export function rowOf(scenario: string, samples: readonly Sample[], lostUsage: number): ScenarioRow {
  const slowestMs = samples.reduce((max, s) => Math.max(max, s.settledAt - s.sentAt), 0);
  return { scenario, sent: samples.length, counts: countOutcomes(samples), lostUsage, slowestMs };
}

/** The table as Markdown: scenario, sent, completed, failed with a clear error, hung, cut, unclear, lost usage, slowest. */
export function renderTable(rows: readonly ScenarioRow[]): string {
  const header = ['scenario', 'sent', 'completed', 'failed, clear error', 'hung', 'cut', 'unclear', 'lost usage', 'slowest'];
  const lines = rows.map((r) => [
    r.scenario,
    String(r.sent),
    String(r.counts.completed),
    String(r.counts.clear),
    String(r.counts.hung),
    String(r.counts.cut),
    String(r.counts.unclear),
    String(r.lostUsage),
    `${(r.slowestMs / 1000).toFixed(1)} s`,
  ]);
  const row = (cells: readonly string[]): string => `| ${cells.join(' | ')} |`;
  return [row(header), row(header.map((h, i) => (i === 0 ? '---' : '---:'))), ...lines.map(row)].join('\n');
}

/** The codes of the clear failures with how often each came, e.g. `503 no_backend_available ×12`. */
export function failureSummary(samples: readonly Sample[]): string {
  const counts = new Map<string, number>();
  for (const s of samples) {
    if (s.outcome === 'completed') continue;
    const key = `${s.outcome} ${s.status ?? '-'} ${s.code ?? s.detail ?? ''}`.trim();
    counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  return [...counts].map(([key, n]) => `${key} ×${n}`).join('; ') || 'none';
}
