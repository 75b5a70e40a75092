import { errorPart, type ErrorPart, type RouteAttempt } from '@switchyard/contracts';
import type { PlannedSkip } from './plan';

function seconds(ms: number): string {
  return `${Math.max(1, Math.ceil(ms / 1000))} s`;
}

/**
 * The error the client gets when no backend answered: the last failure as it was (an upstream 429
 * stays a 429) naming everything tried, or, when nothing could be tried, why every backend was left out.
 */
export function finalFailure(
  model: string,
  lastFailure: ErrorPart | undefined,
  failed: readonly RouteAttempt[],
  skipped: readonly PlannedSkip[],
  now: number,
): ErrorPart {
  const skips = skipped.map((s) => {
    if (s.reason === 'rate_limited') return `${s.backend} has no rate-limit headroom${s.until ? ` for ${seconds(s.until - now)}` : ''}`;
    if (s.reason === 'circuit_open') return `${s.backend} is failing repeatedly (circuit open${s.until ? `, retried in ${seconds(s.until - now)}` : ''})`;
    return `${s.backend} has too small a context for this prompt`;
  });
  if (lastFailure) {
    const tried = failed.length > 1 ? ` Tried: ${failed.map((a) => `${a.backend} (${a.code})`).join(', ')}.` : '';
    const left = skips.length > 0 ? ` Skipped: ${skips.join('; ')}.` : '';
    return { ...lastFailure, message: `${lastFailure.message}${tried}${left}`, retryable: false };
  }
  if (skips.length > 0) {
    const code = skipped.every((s) => s.reason === 'rate_limited') ? 'rate_limit_exceeded' : 'service_unavailable';
    return errorPart(code, `No backend for '${model}' can take the request now: ${skips.join('; ')}.`);
  }
  return errorPart('service_unavailable', `No backend can serve model '${model}' right now.`);
}

/** Why nothing matched at all, for the 503 message. */
export function noCandidateReason(model: string, workersLive: number, servingButUnavailable: number): ErrorPart {
  if (workersLive === 0) return errorPart('service_unavailable', `No backend can serve model '${model}': no worker is connected.`);
  if (servingButUnavailable > 0) {
    return errorPart('service_unavailable', `No backend can serve model '${model}' right now: every worker serving it is draining or cannot reach its provider.`);
  }
  return errorPart('service_unavailable', `No backend can serve model '${model}' right now.`);
}
