import type { PriceConfig } from '@switchyard/config';
import {
  errorPart,
  KIND_CAPABILITY,
  type Capability,
  type ErrorPart,
  type InferenceRequest,
  type Route,
  type RouteStamp,
  type RoutingPolicy,
} from '@switchyard/contracts';
import { encodeJson, type BusClient, type MessageHeaders } from '@switchyard/nats';
import { estimateCompletionTokens, estimatePromptTokens } from '@switchyard/openai';
import { requestLogger, type Logger } from '@switchyard/observability';
import { traceOf } from '@switchyard/runtime';
import type { WorkerRegistry } from '../registry/worker-registry';
import { collectCandidates, isKnownModel, type Candidate } from './candidates';
import type { CircuitBreaker } from './circuit-breaker';
import type { LatencyTracker } from './latency-tracker';
import { displayModel, parseModelRef, preferenceOf } from './model-ref';
import { candidateKey, planRoute, type PlannedSkip } from './plan';
import { requirementsOf } from './required-capabilities';
import type { DecisionObserver, RouteDecision } from './route-decision';
import { finalFailure, noCandidateReason } from './route-failure';
import { HedgeBudget, hedgeDelayMs, raceOn, type HedgeOptions, type RaceSetup } from './hedge';
import { BACKEND_SPECIFIC, type AttemptDeps, type Forward, type RouterTimeouts } from './worker-attempt';

export type { RouterTimeouts } from './worker-attempt';

/** How the router chooses, from configuration. */
export interface RoutingOptions {
  timeouts: RouterTimeouts;
  /** Policy when the request names none. */
  policy: RoutingPolicy;
  aliases: Readonly<Record<string, readonly string[]>>;
  prices: Readonly<Record<string, PriceConfig>>;
  /** Completion tokens assumed when a request sets no max_tokens. */
  expectedOutputTokens: number;
  /** Most backends tried for one request (one that refuses a parameter, before any work, does not count). */
  maxAttempts: number;
  /** How long a streamed request waits for a backend's first output before the next candidate answers; absent: for ever. */
  firstOutput?: FirstOutputWait;
  /** Hedged first outputs; absent: no hedging. */
  hedge?: HedgeOptions;
}

/** Told of every hedge: the backend tried first, the hedge's, whether the hedge answered, and the prompt's estimated tokens. */
export type HedgeObserver = (hedge: { primary: string; hedge: string; won: boolean; promptTokens: number }) => void;

/** The wait for a first output: the backend's measured time to first token times `factor`, within `floorMs`–`ceilingMs`. */
export interface FirstOutputWait {
  factor: number;
  floorMs: number;
  ceilingMs: number;
}

/** Shared state the router reads and updates for every request. */
export interface RoutingState {
  registry: WorkerRegistry;
  breaker: CircuitBreaker;
  latency: LatencyTracker;
}

/**
 * Resolves a request's model to candidate workers, orders them by the routing policy and forwards the
 * request to the first, which answers the gateway directly. A retryable failure before the worker starts
 * moves on to the next candidate (edge to cloud, cloud to edge) within the deadline. The worker's `start`
 * part (or the router's final error) carries the route to the gateway, whose usage event records it; each
 * decision is also told to `onDecision`. Its log lines carry the request id and traceparent from
 * the NATS headers.
 */
export class RequestRouter {
  private readonly deps: AttemptDeps;
  private readonly hedges: HedgeBudget | undefined;

  constructor(
    client: BusClient,
    private readonly state: RoutingState,
    private readonly options: RoutingOptions,
    private readonly logger: Logger,
    private readonly onDecision?: DecisionObserver,
    private readonly now: () => number = Date.now,
    private readonly onHedge?: HedgeObserver,
  ) {
    this.deps = { client, ...state, timeouts: options.timeouts, now };
    this.hedges = options.hedge === undefined ? undefined : new HedgeBudget(options.hedge);
  }

  /**
   * Routes one request; the chosen worker answers on `replyTo` (the gateway's inbox) directly. What this
   * yields goes there too: a failure when no backend answered, or the error that broke a started answer.
   */
  async *route(request: InferenceRequest, headers: MessageHeaders, replyTo: string, signal: AbortSignal): AsyncGenerator<Uint8Array> {
    const receivedAt = this.now();
    const log = requestLogger(this.logger, traceOf(headers, request.requestId));
    const policy = request.policy ?? this.options.policy;
    const route: Route = { policy, selected: null, failed: [], skipped: [] };
    const decide = (outcome: RouteDecision['outcome'], workerId: string | null): void =>
      this.onDecision?.({
        requestId: request.requestId,
        receivedAt,
        requestedModel: request.body.model,
        // As it is now: the route goes on changing while the request is tried elsewhere.
        route: { ...route, failed: [...route.failed], skipped: [...route.skipped] },
        workerId,
        outcome,
        decisionMs: this.now() - receivedAt,
      });
    const fail = (failure: ErrorPart): Uint8Array => {
      decide('failed', null);
      return encodeJson({ ...failure, route });
    };

    const ref = parseModelRef(request.body.model, this.options.aliases);
    const workers = this.state.registry.list();
    if (!isKnownModel(workers, ref)) {
      yield fail(errorPart('model_not_found', `The model '${request.body.model}' does not exist or no backend serves it.`, { param: 'model' }));
      return;
    }
    const base = KIND_CAPABILITY[request.kind];
    const requirements = request.kind === 'chat' ? requirementsOf(request.body) : [];
    const own = (id: string): number => this.state.registry.inFlightFromHere(id);
    const needed: Capability[] = [base.capability, ...requirements.map((r) => r.capability)];
    const candidates = collectCandidates(workers, ref, needed, own);
    if (candidates.length === 0) {
      const baseOnly = collectCandidates(workers, ref, [base.capability], own);
      const missing = requirements.find((r) => collectCandidates(workers, ref, [base.capability, r.capability], own).length === 0);
      if (baseOnly.length > 0 && missing) {
        yield fail(errorPart('unsupported_parameter', `No backend serving '${request.body.model}' supports '${missing.param}'.`, { param: missing.param }));
      } else {
        const serving = workers.filter((w) => w.heartbeat.models.some((m) => preferenceOf(ref, w.heartbeat.provider, m.name) >= 0));
        const capable = serving.some((w) =>
          w.heartbeat.models.some((m) => m.capabilities.includes(base.capability) && preferenceOf(ref, w.heartbeat.provider, m.name) >= 0),
        );
        if (serving.length > 0 && !capable) {
          yield fail(errorPart('invalid_request', `The model '${request.body.model}' does not support ${base.label}.`, { param: 'model' }));
        } else {
          yield fail(noCandidateReason(request.body.model, workers.length, serving.length));
        }
      }
      return;
    }

    const promptTokens = estimatePromptTokens(request.body);
    const completionTokens = estimateCompletionTokens(request.body, this.options.expectedOutputTokens);
    // A resume avoids the worker whose stream broke, unless no other can answer.
    const others = request.avoid === undefined ? candidates : candidates.filter((c) => !request.avoid?.includes(c.workerId));
    const plan = planRoute(others.length > 0 ? others : candidates, {
      policy,
      now: receivedAt,
      promptTokens,
      completionTokens,
      prices: this.options.prices,
      breaker: this.state.breaker,
      latencyOf: (c) => this.state.latency.get(c.workerId, c.backend),
      upstreamOf: (c) => workers.find((w) => w.heartbeat.workerId === c.workerId)?.heartbeat.upstream,
    });
    const skipped: PlannedSkip[] = [...plan.skipped];
    const attempted = new Set<string>();
    const syncSkips = (): void => {
      const untried = (set: ReadonlySet<string>): Candidate[] => plan.order.filter((c) => set.has(candidateKey(c)) && !attempted.has(candidateKey(c)));
      route.skipped = [
        ...skipped.map(({ backend, workerId, reason }) => ({ backend, workerId, reason })),
        ...untried(plan.demoted).map((c) => ({ backend: c.backend, workerId: c.workerId, reason: 'context_too_small' as const })),
        ...untried(plan.slow).map((c) => ({ backend: c.backend, workerId: c.workerId, reason: 'circuit_open' as const })),
      ];
    };

    let lastFailure: ErrorPart | undefined;
    // Attempts that did work; a refused parameter costs a bus round trip, so auto may try every candidate for one that takes it.
    let costly = 0;
    let cursor = 0;
    /** Candidates taken out of order (a hedge's), which `take` then passes over. */
    const takenEarly = new Set<Candidate>();
    const usable = (c: Candidate): boolean => this.state.breaker.allows(c.workerId) && this.state.registry.has(c.workerId);
    const use = (candidate: Candidate): Candidate => {
      attempted.add(candidateKey(candidate));
      syncSkips();
      return candidate;
    };
    /** The next candidate to try, or none; those whose circuit is open on the way are noted as skipped. */
    const take = (): Candidate | undefined => {
      while (cursor < plan.order.length) {
        const candidate = plan.order[cursor++];
        if (takenEarly.has(candidate)) continue;
        if (!this.state.breaker.allows(candidate.workerId) && !plan.slow.has(candidateKey(candidate))) {
          skipped.push({ backend: candidate.backend, workerId: candidate.workerId, reason: 'circuit_open', until: this.state.breaker.reopensAt(candidate.workerId) });
          continue;
        }
        if (!this.state.registry.has(candidate.workerId)) continue;
        return use(candidate);
      }
      return undefined;
    };
    /**
     * A hedge for `primary`: the next usable candidate of the other kind (edge for cloud, cloud for edge), whose
     * failures are least likely to be the primary's (a provider hanging often hangs for all its models); the next
     * usable one otherwise.
     */
    const takeHedge = (primary: Candidate): Candidate | undefined => {
      const rest = plan.order.slice(cursor).filter((c) => !takenEarly.has(c) && usable(c));
      const chosen = rest.find((c) => c.kind !== primary.kind) ?? rest[0];
      if (chosen === undefined) return undefined;
      takenEarly.add(chosen);
      return use(chosen);
    };
    const anotherLeft = (): boolean => costly + 1 < this.options.maxAttempts && plan.order.slice(cursor).some((c) => !takenEarly.has(c) && usable(c));
    const streamed = 'stream' in request.body && request.body.stream === true;
    this.hedges?.onRequest();
    const forwardFor = (candidate: Candidate, hedgeOf?: Candidate): Forward => {
      const hedged = hedgeOf === undefined ? {} : { hedged: [{ backend: hedgeOf.backend, workerId: hedgeOf.workerId }] };
      const stamp: RouteStamp = { model: displayModel(ref, candidate.backend), route: { ...route, ...hedged, selected: candidate.backend } };
      return {
        dataTo: replyTo,
        headers,
        stamp: JSON.stringify(stamp),
        onStarted: () => {
          route.selected = candidate.backend;
          if (hedgeOf !== undefined) route.hedged = hedged.hedged;
          decide('started', candidate.workerId);
          log.debug({ backend: candidate.backend, workerId: candidate.workerId, policy, hedgeOf: hedgeOf?.backend }, 'routed');
        },
      };
    };

    while (!signal.aborted && costly < this.options.maxAttempts) {
      if (this.now() >= request.deadline) {
        lastFailure = errorPart('timeout', 'The request deadline passed before a backend could answer.');
        break;
      }
      const candidate = take();
      if (candidate === undefined) break;
      const another = anotherLeft();
      const base = forwardFor(candidate);
      const result = await raceOn(
        {
          deps: this.deps,
          request,
          signal,
          forwardFor: (c, hedgeOf) =>
            c === candidate && hedgeOf === undefined
              ? { ...base, ...(another ? this.firstOutputWait(request, c) : {}) }
              : // A hedge gives up in its turn when yet another candidate could answer.
                { ...forwardFor(c, hedgeOf), ...(anotherLeft() ? this.firstOutputWait(request, c) : {}) },
          hedge: another ? this.hedgeSetup(candidate, streamed ? 0 : completionTokens, () => takeHedge(candidate)) : undefined,
        },
        candidate,
      );
      if (result.hedge !== undefined) this.onHedge?.({ primary: candidate.backend, hedge: result.hedge.candidate.backend, won: result.hedge.won, promptTokens });
      for (const { candidate: failedOn, failure, ms } of result.failures) {
        route.failed.push({ backend: failedOn.backend, workerId: failedOn.workerId, code: failure.code, ms });
        if (failure.code !== 'unsupported_parameter') costly += 1;
        lastFailure = failure;
        log.warn({ backend: failedOn.backend, code: failure.code }, 'backend failed before start');
      }
      if (result.outcome.kind === 'started') {
        if (result.outcome.brokenBy) yield encodeJson(result.outcome.brokenBy);
        return;
      }
      if (result.outcome.kind === 'cancelled') return decide('cancelled', null);
      const fallBack = lastFailure !== undefined && (lastFailure.retryable || BACKEND_SPECIFIC.has(lastFailure.code));
      if (!fallBack) break;
    }
    if (signal.aborted) return decide('cancelled', null);
    syncSkips();
    yield fail(finalFailure(request.body.model, lastFailure, route.failed, skipped, this.now()));
  }

  /**
   * The hedge of a request on `candidate`: after its expected time to first output, the next candidate, budget allowing.
   * A streamed answer's first output is its first token; a whole answer's is the answer, so its wait adds the time
   * `wholeTokens` take at the backend's measured speed.
   *
   * The probe of a half-open circuit is hedged without taking from the budget: the breaker already allows one probe per
   * opening (at most one every `firstOpenMs`), and a probe left unhedged on a backend that still hangs would keep its
   * client until the first-output wait, or for a whole answer the worker's own timeout, seconds later.
   */
  private hedgeSetup(candidate: Candidate, wholeTokens: number, take: () => Candidate | undefined): RaceSetup['hedge'] {
    const options = this.options.hedge;
    if (options === undefined || this.hedges === undefined) return undefined;
    const budget = this.hedges;
    const ttft = this.state.latency.ttftPercentile(candidate.workerId, candidate.backend, options.percentile);
    const speed = this.state.latency.get(candidate.workerId, candidate.backend)?.tokensPerSecond;
    const generation = wholeTokens > 0 && speed !== undefined && speed > 0 ? (wholeTokens * 1000) / speed : 0;
    const measured = ttft === undefined ? undefined : ttft + generation;
    // Asked before the attempt starts: a candidate taken while half-open is this request's probe.
    const probe = this.state.breaker.state(candidate.workerId) === 'half-open';
    return {
      afterMs: hedgeDelayMs(options, measured),
      lossesToOpen: options.lossesToOpen,
      take: () => (probe || budget.take() ? take() : undefined),
    };
  }

  /**
   * How long a streamed request waits for `candidate`'s first output when another candidate could answer: its measured
   * time to first token times the factor, within the floor and the ceiling (the ceiling when nothing was measured).
   * A request answered whole has no first output the router sees (the worker holds it), so it waits as before.
   */
  private firstOutputWait(request: InferenceRequest, candidate: Candidate): { firstOutputMs?: number } {
    const wait = this.options.firstOutput;
    const streamed = 'stream' in request.body && request.body.stream === true;
    if (!wait || !streamed) return {};
    const measured = this.state.latency.get(candidate.workerId, candidate.backend)?.ttftMs;
    const ms = measured === undefined ? wait.ceilingMs : Math.min(wait.ceilingMs, Math.max(wait.floorMs, measured * wait.factor));
    return { firstOutputMs: Math.round(ms) };
  }

}
