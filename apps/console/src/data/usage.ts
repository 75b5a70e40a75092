import type { UsageReport, UsageRow } from '@switchyard/contracts';
import { toCsv } from './csv';

const DAY_MS = 86_400_000;
/** The most days the chart fills in, so a mistyped year cannot make a million points. */
const MAX_DAYS = 1000;

/** The UTC day of an epoch ms, `YYYY-MM-DD`. */
export function utcDay(epochMs: number): string {
  return new Date(epochMs).toISOString().slice(0, 10);
}

/** The last 7 UTC days, today included. */
export function defaultUsageRange(now: number): { from: string; to: string } {
  return { from: utcDay(now - 6 * DAY_MS), to: utcDay(now) };
}

function dayStart(day: string): number | null {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(day)) return null;
  const ms = Date.parse(`${day}T00:00:00Z`);
  return Number.isNaN(ms) ? null : ms;
}

/** A message when the range cannot be asked for, else null. */
export function rangeProblem(from: string, to: string): string | null {
  const start = dayStart(from);
  const end = dayStart(to);
  if (start === null || end === null) return 'Pick both dates (YYYY-MM-DD).';
  if (start > end) return 'The first day is after the last day.';
  return null;
}

/** Every UTC day from `from` to `to`, inclusive; empty for a bad range. */
export function daysOf(from: string, to: string): string[] {
  const start = dayStart(from);
  const end = dayStart(to);
  if (start === null || end === null || start > end) return [];
  const days: string[] = [];
  for (let ms = start; ms <= end && days.length < MAX_DAYS; ms += DAY_MS) days.push(utcDay(ms));
  return days;
}

/** Total tokens per day over the report's range, days without rows counting 0. */
export function tokensPerDay(report: UsageReport): { days: string[]; tokens: number[] } {
  const byDay = new Map<string, number>();
  for (const row of report.data) byDay.set(row.date, (byDay.get(row.date) ?? 0) + row.total_tokens);
  const days = daysOf(report.from, report.to);
  // Rows outside the asked range (should not happen) still count, rather than vanish.
  for (const day of byDay.keys()) if (!days.includes(day)) days.push(day);
  days.sort();
  return { days, tokens: days.map((day) => byDay.get(day) ?? 0) };
}

export const USAGE_CSV_HEADER = ['date', 'model', 'requests', 'prompt_tokens', 'completion_tokens', 'total_tokens'] as const;

export function usageCsv(rows: readonly UsageRow[]): string {
  return toCsv([USAGE_CSV_HEADER, ...rows.map((row) => USAGE_CSV_HEADER.map((column) => row[column]))]);
}

export function usageCsvFilename(from: string, to: string): string {
  return `switchyard-usage-${from}-${to}.csv`;
}
