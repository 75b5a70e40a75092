import { toHttpError, type HttpError } from '@switchyard/openai';
import { utcDay } from './usage-key';

/** The longest range one query may cover, in days. */
export const MAX_RANGE_DAYS = 366;

const DAY_MS = 24 * 60 * 60 * 1000;
const ALLOWED = new Set(['key', 'from', 'to']);

/** A validated usage query. */
export interface ParsedUsageQuery {
  /** One key id, or undefined for every key. */
  keyId?: string;
  from: string;
  to: string;
  /** Every UTC day from `from` to `to`, in order. */
  days: string[];
}

/** Epoch ms of a `YYYY-MM-DD` UTC day, or undefined when it is not a real calendar day in that form. */
function parseDay(value: string): number | undefined {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(value)) return undefined;
  const ms = Date.parse(`${value}T00:00:00Z`);
  return Number.isNaN(ms) || utcDay(ms) !== value ? undefined : ms;
}

function bad(message: string, param: string | null): HttpError {
  return toHttpError('invalid_request', message, param);
}

/**
 * Validates the query parameters of a usage query (`key`, `from`, `to`, each given once); anything
 * else is a 400 naming the parameter. `to` defaults to today (UTC), `from` to `to`.
 */
export function parseUsageQuery(params: Readonly<Record<string, unknown>>, now: number = Date.now()): ParsedUsageQuery | HttpError {
  for (const [name, value] of Object.entries(params)) {
    if (!ALLOWED.has(name)) return bad(`Unrecognized request argument supplied: ${name}`, name);
    if (value !== undefined && typeof value !== 'string') return bad(`'${name}' must be given once, as a string.`, name);
  }
  const key = params['key'] as string | undefined;
  if (key !== undefined && (key.length === 0 || key.length > 128)) return bad("'key' must be an API key id such as key_0123456789abcdef.", 'key');
  const to = (params['to'] as string | undefined) ?? utcDay(now);
  const from = (params['from'] as string | undefined) ?? to;
  const toMs = parseDay(to);
  if (toMs === undefined) return bad(`'to' must be a UTC day as YYYY-MM-DD; got '${to}'.`, 'to');
  const fromMs = parseDay(from);
  if (fromMs === undefined) return bad(`'from' must be a UTC day as YYYY-MM-DD; got '${from}'.`, 'from');
  if (fromMs > toMs) return bad(`'from' (${from}) must not be after 'to' (${to}).`, 'from');
  const count = (toMs - fromMs) / DAY_MS + 1;
  if (count > MAX_RANGE_DAYS) return bad(`A query covers at most ${MAX_RANGE_DAYS} days; ${from}..${to} is ${count}.`, 'from');
  const days = Array.from({ length: count }, (_, i) => utcDay(fromMs + i * DAY_MS));
  return { ...(key === undefined ? {} : { keyId: key }), from, to, days };
}

/** True when `parsed` is an error rather than a query. */
export function isHttpError(parsed: ParsedUsageQuery | HttpError): parsed is HttpError {
  return 'status' in parsed && 'body' in parsed;
}
