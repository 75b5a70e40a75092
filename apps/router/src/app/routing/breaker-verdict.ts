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

/** What an attempt's end means for the worker's circuit; `open`: open it now, whatever its count of failures. */
export type BreakerVerdict = 'success' | 'failure' | 'neutral' | 'open';

/** The verdict on an attempt that ended with `code` (none: it answered cleanly). A definite answer (a 400 from the provider) is a healthy worker. */
export function breakerVerdict(code: ErrorPart['code'] | undefined): BreakerVerdict {
  if (code === undefined) return 'success';
  if (FAULTS.has(code)) return 'failure';
  if (NEUTRAL.has(code)) return 'neutral';
  return 'success';
}

/** Where a worker stands after a race it lost with no output (it withdrew for a hedge that was ready first). */
export interface LostRace {
  /** Races it has lost so in a row since its last success, this one included. */
  lossesInARow: number;
  /** The streak that opens its circuit (`router.hedge.lossesToOpen`). */
  lossesToOpen: number;
  /** The attempt was the probe of its half-open circuit. */
  probe: boolean;
}

/**
 * The verdict on a race lost with no output. Once, it is neutral: the backend was slower than another this time, which
 * says little of its health. But a backend that hangs (accepts requests, never answers, never fails) shows only this
 * way, so `lossesToOpen` in a row with no success in between open its circuit, at once, as the failure threshold would:
 * counting each loss as one failure instead would make the threshold of failures wait on top of the streak, each loss
 * costing a client the hedge's wait and the budget a hedge. A probe beaten likewise reopens it: it showed no recovery.
 */
export function lostRaceVerdict({ lossesInARow, lossesToOpen, probe }: LostRace): BreakerVerdict {
  return probe || lossesInARow >= lossesToOpen ? 'open' : 'neutral';
}

/** Tells the breaker the verdict on an attempt of `workerId`. */
export function applyVerdict(breaker: CircuitBreaker, workerId: string, verdict: BreakerVerdict): void {
  if (verdict === 'failure') breaker.failure(workerId);
  else if (verdict === 'open') breaker.open(workerId);
  else if (verdict === 'neutral') breaker.release(workerId);
  else breaker.success(workerId);
}
