import type { UsageEvent } from '@switchyard/contracts';
import { z } from 'zod';
import { NONE } from '../labels/metric-labels';
import { usageEntryKey, utcDay } from './usage-key';

/** One aggregate as stored in the usage bucket: a key's use of one model on one UTC day. */
export const UsageRecordSchema = z.object({
  /** UTC day the requests were received, `YYYY-MM-DD`. */
  date: z.string(),
  /** The API key's id (`open` when the gateway runs without keys). */
  keyId: z.string(),
  /** The backend that answered, or `none`. */
  model: z.string(),
  requests: z.number().int().min(0),
  promptTokens: z.number().int().min(0),
  completionTokens: z.number().int().min(0),
});

export type UsageRecord = z.infer<typeof UsageRecordSchema>;

/** The aggregate one usage event adds to: its UTC day, key and backend, with one request and its tokens. */
export function recordOf(event: UsageEvent): UsageRecord {
  return {
    date: utcDay(event.receivedAt),
    keyId: event.keyId,
    model: event.backend || NONE,
    requests: 1,
    promptTokens: event.promptTokens,
    completionTokens: event.completionTokens,
  };
}

/** The KV key of a record. */
export function keyOf(record: UsageRecord): string {
  return usageEntryKey(record.date, record.keyId, record.model);
}

/** `a` plus the counts of `b` (same day, key and model). */
export function addRecords(a: UsageRecord, b: UsageRecord): UsageRecord {
  return {
    ...a,
    requests: a.requests + b.requests,
    promptTokens: a.promptTokens + b.promptTokens,
    completionTokens: a.completionTokens + b.completionTokens,
  };
}
