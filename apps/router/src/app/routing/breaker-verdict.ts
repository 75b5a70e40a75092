import type { ErrorPart } from '@switchyard/contracts';
import type { CircuitBreaker } from './circuit-breaker';

/** Failures that say the worker or its provider is unwell; they count towards opening its circuit. */
const FAULTS: ReadonlySet<ErrorPart['code']> = new Set(['timeout', 'internal_error', 'service_unavailable', 'upstream_error', 'upstream_authentication_error']);
/**
 * Answers that say nothing about the worker's health (it is busy, limited, out of quota, or the prompt is too
 * long). A spent quota stays neutral so that a client pinned to that backend keeps hearing why, not "circuit open".
 */
const NEUTRAL: ReadonlySet<ErrorPart['code']> = new Set([
  'backend_busy',
  'rate_limit_exceeded',
  'insufficient_quota',
  'context_length_exceeded',
  'unsupported_parameter',
  'cancelled',
]);

/** What an attempt's end means for the worker's circuit. */
export type BreakerVerdict = 'success' | 'failure' | 'neutral';

/** The verdict on an attempt that ended with `code` (none: it answered cleanly). A definite answer (a 400 from the provider) is a healthy worker. */
export function breakerVerdict(code: ErrorPart['code'] | undefined): BreakerVerdict {
  if (code === undefined) return 'success';
  if (FAULTS.has(code)) return 'failure';
  if (NEUTRAL.has(code)) return 'neutral';
  return 'success';
}

/** Tells the breaker the verdict on an attempt of `workerId`. */
export function applyVerdict(breaker: CircuitBreaker, workerId: string, verdict: BreakerVerdict): void {
  if (verdict === 'failure') breaker.failure(workerId);
  else if (verdict === 'neutral') breaker.release(workerId);
  else breaker.success(workerId);
}
