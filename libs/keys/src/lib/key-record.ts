import { z } from 'zod';

/** Limits of one key, each per fixed window. */
export const KeyLimitsSchema = z
  .object({
    /** Requests per minute. */
    rpm: z.number().int().positive(),
    /** Tokens (prompt + completion) per minute. */
    tpm: z.number().int().positive(),
    /** Requests per day (UTC). */
    rpd: z.number().int().positive(),
  })
  .strict();

/** Limits of a key created without any: OpenAI's first paid tier. */
export const DEFAULT_KEY_LIMITS: KeyLimits = { rpm: 60, tpm: 150_000, rpd: 3_500 };

/** A key's name: letters, digits, `.`, `_`, `-`; unique among keys that are not revoked. */
export const KeyNameSchema = z.string().regex(/^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/, 'use 1–64 letters, digits, ".", "_" or "-"');

/**
 * A model a key may use: an exact name (`local:stories260k`, `auto`, an alias), or a prefix ending in
 * `*` (`openai:*`, or `*` for every model).
 */
export const ModelPatternSchema = z
  .string()
  .regex(/^(\*|[A-Za-z0-9][A-Za-z0-9._:/@-]*\*?)$/, 'use a model name, "provider:*" or "*"');

/** One API key as stored in the keys bucket: its hash, never the key. */
export const KeyRecordSchema = z.object({
  /** Record id (`key_…`), also its KV key. */
  id: z.string().regex(/^key_[0-9A-Za-z]{16}$/),
  /** Human name (`team-a`). */
  name: KeyNameSchema,
  /** SHA-256 of the key, hex. */
  hash: z.string().regex(/^[0-9a-f]{64}$/),
  /** First characters of the key, for display (`sk-sy-AbCd`). */
  prefix: z.string().max(16),
  /** When it was created (ISO 8601). */
  createdAt: z.iso.datetime(),
  /** When it was revoked (ISO 8601); a revoked key is refused everywhere. */
  revokedAt: z.iso.datetime().optional(),
  /** Its rate limits. */
  limits: KeyLimitsSchema,
  /** Models it may use; empty means every model. */
  models: z.array(ModelPatternSchema),
});

export type KeyLimits = z.infer<typeof KeyLimitsSchema>;
export type KeyRecord = z.infer<typeof KeyRecordSchema>;

/** True when `model` matches one of `patterns` (an empty list allows every model). */
export function modelAllowed(patterns: readonly string[], model: string): boolean {
  if (patterns.length === 0) return true;
  return patterns.some((pattern) => (pattern.endsWith('*') ? model.startsWith(pattern.slice(0, -1)) : pattern === model));
}
