import { Inject, Injectable } from '@nestjs/common';
import type { SwitchyardConfig } from '@switchyard/config';
import { HEADERS, PATTERNS, decodePart, errorPart, type InferenceRequest, type RoutingPolicy, type StreamPart } from '@switchyard/contracts';
import { BUS_CLIENT, BusRecord, encodeJson, iterate, type BusClient } from '@switchyard/nats';
import { Drain } from '@switchyard/runtime';
import { busFailureToPart, isRouterLoss } from '../http/bus-failure';
import { GATEWAY_CONFIG } from '../gateway.constants';
import { RouterDirectory } from './router-directory';

/** What the gateway knows about one request besides its body. */
export interface RequestContext {
  requestId: string;
  traceparent?: string;
  policy?: RoutingPolicy;
}

/** One operation and its validated OpenAI body: what the gateway asks a router to run. */
export type InferenceJob = Pick<InferenceRequest, 'kind' | 'body'>;

/**
 * Sends inference requests to a router and yields the stream parts of the answer (the worker's, sent
 * straight to this inbox, or the router's failure); bus failures become error parts.
 * Each request goes to a live router from the directory (the queue-group subject when none is known
 * yet). A router that is missing or goes silent before its first part is passed over and another
 * replica is tried, up to `routerAttempts` routers within the deadline; after the first part it
 * cannot be.
 *
 * Every request counts as running work of the gateway's `Drain`: after SIGTERM new requests get a 503
 * while running ones (streams included) finish, until the grace period cuts them with an error.
 */
@Injectable()
export class InferenceClient {
  constructor(
    @Inject(BUS_CLIENT) private readonly client: BusClient,
    @Inject(GATEWAY_CONFIG) private readonly config: SwitchyardConfig['gateway'],
    private readonly routers: RouterDirectory,
    private readonly drain: Drain,
  ) {}

  async *run(job: InferenceJob, context: RequestContext, signal: AbortSignal): AsyncGenerator<StreamPart> {
    if (this.drain.draining) {
      yield errorPart('service_unavailable', 'This gateway is shutting down; send the request again (another replica will take it).');
      return;
    }
    yield* this.drain.run(
      signal,
      (tracked) => this.send(job, context, tracked),
      () => errorPart('service_unavailable', 'The gateway shut down before the response was complete.'),
    );
  }

  /** `run` for one admitted request (`signal` also aborts when the shutdown grace ends). */
  private async *send(job: InferenceJob, context: RequestContext, signal: AbortSignal): AsyncGenerator<StreamPart> {
    const request = {
      ...job,
      requestId: context.requestId,
      deadline: Date.now() + this.config.requestTimeoutMs,
      policy: context.policy,
    } as InferenceRequest;
    const headers: Record<string, string> = { [HEADERS.requestId]: context.requestId };
    if (context.traceparent) headers[HEADERS.traceparent] = context.traceparent;
    const payload = encodeJson(request);
    const tried = new Set<string>();
    for (let attempt = 1; ; attempt++) {
      let received = false;
      const router = this.routers.pick(tried);
      try {
        const record = new BusRecord(payload, {
          to: router,
          headers,
          ackTimeoutMs: this.config.routerAckTimeoutMs,
          idleTimeoutMs: this.config.routerIdleTimeoutMs,
          deadline: request.deadline,
        });
        for await (const raw of iterate<Uint8Array>(this.client.send(PATTERNS.routerInfer, record), signal)) {
          received = true;
          yield decodePart(raw);
        }
        return;
      } catch (error) {
        if (signal.aborted) return;
        if (router !== undefined && !received && isRouterLoss(error)) {
          tried.add(router);
          this.routers.suspect(router);
        }
        const retry = !received && isRouterLoss(error) && attempt < this.config.routerAttempts && Date.now() < request.deadline;
        if (!retry) {
          yield busFailureToPart(error);
          return;
        }
      }
    }
  }
}
