/** Number formatting with units, one place so every page writes a figure the same way. */

const DASH = '—';
const MIB = 1024 ** 2;
const GIB = 1024 ** 3;

/** Groups thousands with commas and keeps `digits` fraction digits at most (fixed, so tests and screens agree). */
export function formatNumber(value: number, digits = 0): string {
  return new Intl.NumberFormat('en-US', { maximumFractionDigits: digits, minimumFractionDigits: 0 }).format(value);
}

function missing(value: number | null | undefined): value is null | undefined {
  return value === null || value === undefined || !Number.isFinite(value);
}

/** Milliseconds: one decimal below 10 ms (where it matters), whole numbers above. */
export function formatMs(ms: number | null | undefined): string {
  if (missing(ms)) return DASH;
  return `${formatNumber(ms, Math.abs(ms) < 10 ? 1 : 0)} ms`;
}

/** Bytes in MiB below a GiB, in GiB above. */
export function formatBytes(bytes: number | null | undefined): string {
  if (missing(bytes)) return DASH;
  if (Math.abs(bytes) >= GIB) return `${formatNumber(bytes / GIB, 2)} GiB`;
  return `${formatNumber(bytes / MIB, 1)} MiB`;
}

export function formatTokens(tokens: number | null | undefined): string {
  if (missing(tokens)) return DASH;
  return `${formatNumber(tokens)} ${tokens === 1 ? 'token' : 'tokens'}`;
}

export function formatTokensPerSecond(rate: number | null | undefined): string {
  if (missing(rate)) return DASH;
  return `${formatNumber(rate, rate < 10 ? 2 : 1)} tokens/s`;
}

export function formatRequestsPerSecond(rate: number | null | undefined): string {
  if (missing(rate)) return DASH;
  return `${formatNumber(rate, 2)} req/s`;
}

/** A percentage given as a percent (12.5 → `12.5%`), not as a fraction. */
export function formatPercent(percent: number | null | undefined): string {
  if (missing(percent)) return DASH;
  return `${formatNumber(percent, 1)}%`;
}

/** A share of one (0.42 → `42%`), for utilisation figures. */
export function formatShare(share: number | null | undefined): string {
  if (missing(share)) return DASH;
  return formatPercent(share * 100);
}

/** Wall-clock time of an epoch ms, `HH:MM:SS` (24 h); the time zone is the browser's unless given. */
export function formatClock(epochMs: number, timeZone?: string): string {
  return new Intl.DateTimeFormat('en-GB', { hour: '2-digit', minute: '2-digit', second: '2-digit', hour12: false, timeZone }).format(epochMs);
}

/** Date and time of an epoch ms or ISO string, `YYYY-MM-DD HH:MM:SS`. */
export function formatDateTime(value: number | string, timeZone?: string): string {
  const date = new Date(value);
  if (Number.isNaN(date.getTime())) return String(value);
  const parts = new Intl.DateTimeFormat('en-CA', {
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
    hour12: false,
    timeZone,
  }).formatToParts(date);
  const part = (type: Intl.DateTimeFormatPartTypes): string => parts.find((p) => p.type === type)?.value ?? '';
  // Some engines write midnight as 24 with hour12 off.
  const hour = part('hour') === '24' ? '00' : part('hour');
  return `${part('year')}-${part('month')}-${part('day')} ${hour}:${part('minute')}:${part('second')}`;
}

/** How far away a moment is, coarse: `in 12 s`, `in 3 min`, `5 s ago`. */
export function formatFromNow(epochMs: number, now: number): string {
  const delta = epochMs - now;
  const seconds = Math.round(Math.abs(delta) / 1000);
  const text = seconds < 90 ? `${seconds} s` : seconds < 90 * 60 ? `${Math.round(seconds / 60)} min` : `${formatNumber(seconds / 3600, 1)} h`;
  return delta >= 0 ? `in ${text}` : `${text} ago`;
}
