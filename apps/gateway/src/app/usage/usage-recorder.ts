import { performance } from 'node:perf_hooks';
import { Inject, Injectable } from '@nestjs/common';
import { SUBJECTS, type StreamPart, type UsageEvent } from '@switchyard/contracts';
import { requestLogger, type Logger, type RequestTrace } from '@switchyard/observability';
import { EVENTS, type StoringEventSink } from '@switchyard/runtime';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Principal } from '../auth/api-key-auth.service';
import { principalOf } from '../auth/request-principal';
import { LOGGER } from '../gateway.constants';
import type { RequestContext } from '../inference/inference.client';
import { CLIENT_CLOSED_STATUS, UsageObserver, type UsageFacts } from './usage-observer';

/** One request being recorded on a transport other than HTTP: observe its parts, then `finish` once. */
export interface UsageRecording {
  observe(parts: AsyncIterable<StreamPart>): AsyncGenerator<StreamPart>;
  /**
   * The request ended in a whole answer that is about to be sent: hands its event (status 200) to the bus and
   * resolves once it is in the socket, so the answer's last message leaves after it.
   */
  answered(): Promise<void>;
  /** Publishes the event: the client was told `status`; `cancelled` when it left before the end. No-op after `answered`. */
  finish(status: number, cancelled: boolean): void;
}

/** The key id a usage event names: the key's record id, or `open`. */
export function keyIdOf(principal: Principal | undefined): string {
  return principal?.kind === 'key' ? principal.key.id : 'open';
}

/**
 * Publishes one `UsageEvent` per finished inference request (every endpoint and transport) into the
 * durable events stream, and logs the request's one access line. An HTTP request that was answered
 * has its event written to the NATS socket before the answer's end is written to the client's (so a
 * gateway killed just after answering has sent its usage already), timed up to that moment; the client
 * waits for that write (the end of the event loop's turn), not for JetStream's acknowledgement. Any other request is published when its response
 * closes, timed to its last byte. WebSocket requests do the same through `UsageRecording.answered`.
 */
@Injectable()
export class UsageRecorder {
  constructor(
    @Inject(EVENTS) private readonly events: StoringEventSink,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  /** Records an HTTP request's usage from its parts; the event leaves before an answer ends, or when the response closes otherwise. */
  record(
    req: FastifyRequest,
    reply: FastifyReply,
    context: RequestContext,
    job: Pick<UsageFacts, 'kind' | 'requestedModel' | 'streamed'>,
    parts: AsyncIterable<StreamPart>,
  ): AsyncGenerator<StreamPart> {
    const facts = { ...job, requestId: context.requestId, keyId: keyIdOf(principalOf(req)) };
    const observer = new UsageObserver(facts, () => reply.elapsedTime);
    const res = reply.raw;
    let stored = false;
    res.once('close', () => {
      if (stored) return;
      const status = res.headersSent ? res.statusCode : CLIENT_CLOSED_STATUS;
      this.publish(observer.event(status, !res.writableFinished), context);
    });
    return this.storeWhenAnswered(observer, context, parts, () => (stored = true));
  }

  /** Passes the parts on; once they end in an answer, hands its event to the bus before handing back control (the answer's end is written after). */
  private async *storeWhenAnswered(observer: UsageObserver, trace: RequestTrace, parts: AsyncIterable<StreamPart>, onStore: () => void): AsyncGenerator<StreamPart> {
    yield* observer.observe(parts);
    if (!observer.answered) return;
    onStore();
    await this.storeAnswered(observer, trace);
  }

  /** Hands an answered request's event (status 200) to the bus, logs its access line, and resolves once the event is in the socket. */
  private storeAnswered(observer: UsageObserver, trace: RequestTrace): Promise<void> {
    const event = observer.event(200, false);
    const written = this.events.handOver(SUBJECTS.usageEvent, event, `${event.requestId}:${event.receivedAt}`);
    this.logFinished(event, trace);
    return written;
  }

  /** Starts recording a request that arrived now on another transport (a WebSocket message). */
  begin(facts: UsageFacts, trace: RequestTrace): UsageRecording {
    const start = performance.now();
    const observer = new UsageObserver(facts, () => performance.now() - start);
    let finished = false;
    return {
      observe: (parts) => observer.observe(parts),
      answered: async () => {
        if (finished) return;
        finished = true;
        await this.storeAnswered(observer, trace);
      },
      finish: (status, cancelled) => {
        if (finished) return;
        finished = true;
        this.publish(observer.event(status, cancelled), trace);
      },
    };
  }

  private publish(event: UsageEvent, trace: RequestTrace): void {
    this.events.publish(SUBJECTS.usageEvent, event, `${event.requestId}:${event.receivedAt}`);
    this.logFinished(event, trace);
  }

  private logFinished(event: UsageEvent, trace: RequestTrace): void {
    const { status, errorCode, kind, requestedModel, backend, streamed, keyId, durationMs, ttftMs, promptTokens, completionTokens } = event;
    requestLogger(this.logger, trace).info(
      { status, errorCode, kind, model: requestedModel, backend, streamed, keyId, durationMs, ttftMs, promptTokens, completionTokens },
      'request finished',
    );
  }
}
