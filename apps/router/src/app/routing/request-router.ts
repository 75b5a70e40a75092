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
import { attemptOn, BACKEND_SPECIFIC, type AttemptDeps, type RouterTimeouts } from './worker-attempt';

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
}

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

  constructor(
    client: BusClient,
    private readonly state: RoutingState,
    private readonly options: RoutingOptions,
    private readonly logger: Logger,
    private readonly onDecision?: DecisionObserver,
    private readonly now: () => number = Date.now,
  ) {
    this.deps = { client, ...state, timeouts: options.timeouts, now };
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
    const plan = planRoute(candidates, {
      policy,
      now: receivedAt,
      promptTokens,
      completionTokens: estimateCompletionTokens(request.body, this.options.expectedOutputTokens),
      prices: this.options.prices,
      breaker: this.state.breaker,
      latencyOf: (c) => this.state.latency.get(c.workerId, c.backend),
      upstreamOf: (c) => workers.find((w) => w.heartbeat.workerId === c.workerId)?.heartbeat.upstream,
    });
    const skipped: PlannedSkip[] = [...plan.skipped];
    const attempted = new Set<string>();
    const syncSkips = (): void => {
      const untried = plan.order.filter((c) => plan.demoted.has(candidateKey(c)) && !attempted.has(candidateKey(c)));
      route.skipped = [
        ...skipped.map(({ backend, workerId, reason }) => ({ backend, workerId, reason })),
        ...untried.map((c) => ({ backend: c.backend, workerId: c.workerId, reason: 'context_too_small' as const })),
      ];
    };

    let lastFailure: ErrorPart | undefined;
    // Attempts that did work; a refused parameter costs a bus round trip, so auto may try every candidate for one that takes it.
    let costly = 0;
    for (const [index, candidate] of plan.order.entries()) {
      if (signal.aborted) return decide('cancelled', null);
      if (costly >= this.options.maxAttempts) break;
      if (this.now() >= request.deadline) {
        lastFailure = errorPart('timeout', 'The request deadline passed before a backend could answer.');
        break;
      }
      if (!this.state.breaker.allows(candidate.workerId)) {
        skipped.push({ backend: candidate.backend, workerId: candidate.workerId, reason: 'circuit_open', until: this.state.breaker.reopensAt(candidate.workerId) });
        continue;
      }
      if (!this.state.registry.has(candidate.workerId)) continue;
      attempted.add(candidateKey(candidate));
      syncSkips();
      const stamp: RouteStamp = { model: displayModel(ref, candidate.backend), route: { ...route, selected: candidate.backend } };
      const another = costly + 1 < this.options.maxAttempts && plan.order.slice(index + 1).some((next) => this.state.breaker.allows(next.workerId) && this.state.registry.has(next.workerId));
      const outcome = await attemptOn(this.deps, candidate, request, {
        dataTo: replyTo,
        headers,
        stamp: JSON.stringify(stamp),
        ...(another ? this.firstOutputWait(request, candidate) : {}),
        onStarted: () => {
          route.selected = candidate.backend;
          decide('started', candidate.workerId);
          log.debug({ backend: candidate.backend, workerId: candidate.workerId, policy }, 'routed');
        },
      }, signal);
      if (outcome.kind === 'started') {
        if (outcome.brokenBy) yield encodeJson(outcome.brokenBy);
        return;
      }
      if (outcome.kind === 'cancelled') return decide('cancelled', null);
      const { failure } = outcome;
      route.failed.push({ backend: candidate.backend, workerId: candidate.workerId, code: failure.code, ms: outcome.ms });
      if (failure.code !== 'unsupported_parameter') costly += 1;
      lastFailure = failure;
      const fallBack = failure.retryable || BACKEND_SPECIFIC.has(failure.code);
      log.warn({ backend: candidate.backend, code: failure.code, fallBack }, 'backend failed before start');
      if (!fallBack) break;
    }
    if (signal.aborted) return decide('cancelled', null);
    syncSkips();
    yield fail(finalFailure(request.body.model, lastFailure, route.failed, skipped, this.now()));
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
