import type { RouteSkip, RoutingPolicy, UpstreamStatus } from '@switchyard/contracts';
import type { Candidate } from './candidates';
import type { CircuitBreaker } from './circuit-breaker';
import { noHeadroomUntil } from './headroom';
import { policyComparator, type PolicyContext } from './policies';

/** A backend left out of the plan, and until when (for the client's message). */
export interface PlannedSkip extends RouteSkip {
  /** Epoch ms when it should be usable again, when known. */
  until?: number;
}

/** The order to try backends in, and what was left out. */
export interface RoutePlan {
  /** Candidates to try, best first; those whose context looks too small come last. */
  order: Candidate[];
  /** Left out: no rate-limit headroom, or an open circuit. */
  skipped: PlannedSkip[];
  /** Workers (by `workerId/backend`) tried only as a last resort because the prompt looks too long for them. */
  demoted: ReadonlySet<string>;
  /** Workers (by `workerId/backend`) tried only as a last resort because lost races opened their circuit (`CircuitBreaker.demotes`). */
  slow: ReadonlySet<string>;
}

export interface PlanInput extends PolicyContext {
  policy: RoutingPolicy;
  now: number;
  breaker: CircuitBreaker;
  /** The upstream status a cloud worker reported (rate limits, reachability). */
  upstreamOf: (c: Candidate) => UpstreamStatus | undefined;
}

/** Key of a candidate in `RoutePlan.demoted`. */
export function candidateKey(c: Candidate): string {
  return `${c.workerId}/${c.backend}`;
}

/**
 * Orders the candidates by the policy. Backends whose provider has no rate-limit headroom and workers
 * whose circuit is open are skipped; a prompt that looks longer than a model's context sends that
 * model to the back (the estimate is rough, so it stays a last resort rather than being ruled out), and
 * a worker whose circuit lost races opened goes behind it (slow or hung, but not known to fail).
 */
export function planRoute(candidates: readonly Candidate[], input: PlanInput): RoutePlan {
  const skipped: PlannedSkip[] = [];
  const fits: Candidate[] = [];
  const tooSmall: Candidate[] = [];
  const slow: Candidate[] = [];
  for (const c of candidates) {
    const limitedUntil = noHeadroomUntil(input.upstreamOf(c), input.promptTokens, input.now);
    if (limitedUntil !== undefined) {
      skipped.push({ backend: c.backend, workerId: c.workerId, reason: 'rate_limited', until: limitedUntil });
      continue;
    }
    if (input.breaker.demotes(c.workerId)) {
      slow.push(c);
      continue;
    }
    if (!input.breaker.allows(c.workerId)) {
      skipped.push({ backend: c.backend, workerId: c.workerId, reason: 'circuit_open', until: input.breaker.reopensAt(c.workerId) });
      continue;
    }
    (input.promptTokens > c.contextLength ? tooSmall : fits).push(c);
  }
  const compare = policyComparator(input.policy, input, candidates);
  return {
    order: [...fits.sort(compare), ...tooSmall.sort(compare), ...slow.sort(compare)],
    skipped,
    demoted: new Set(tooSmall.map(candidateKey)),
    slow: new Set(slow.map(candidateKey)),
  };
}
