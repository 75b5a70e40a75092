import { Inject, Injectable } from '@nestjs/common';
import type { SwitchyardConfig } from '@switchyard/config';
import { HEADERS, PATTERNS, decodeReplyPart, errorPart, type InferenceRequest, type RenderSpec, type ReplyPart, type RoutingPolicy } from '@switchyard/contracts';
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

/** One operation and its validated OpenAI body, and how the worker renders the answer: what the gateway asks a router to run. */
export type InferenceJob = Pick<InferenceRequest, 'kind' | 'body' | 'native' | 'avoid'> & { render: RenderSpec };

/**
 * Sends inference requests to a router and yields the parts of the answer (the worker's, sent straight to
 * this inbox: its start, the answer rendered as the client gets it, its usage; or the router's failure);
 * bus failures become error parts. Rendered answers are passed on as bytes, never parsed.
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

  async *run(job: InferenceJob, context: RequestContext, signal: AbortSignal): AsyncGenerator<ReplyPart> {
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
  private async *send(job: InferenceJob, context: RequestContext, signal: AbortSignal): AsyncGenerator<ReplyPart> {
    const request = {
      kind: job.kind,
      body: job.body,
      native: job.native,
      avoid: job.avoid,
      requestId: context.requestId,
      deadline: Date.now() + this.config.requestTimeoutMs,
      policy: context.policy,
    } as InferenceRequest;
    const headers: Record<string, string> = { [HEADERS.requestId]: context.requestId, [HEADERS.render]: JSON.stringify(job.render) };
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
          const part = decodeReplyPart(raw);
          if (part.type === 'delta' || part.type === 'finish' || part.type === 'embedding') {
            // A worker that does not render (older than this gateway): upgrade workers before gateways.
            yield errorPart('internal_error', 'The backend answered in a form this gateway cannot send on (a worker older than the gateway).');
            return;
          }
          yield part;
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
