import { performance } from 'node:perf_hooks';
import { Inject, Injectable } from '@nestjs/common';
import { SUBJECTS, type StreamPart, type UsageEvent } from '@switchyard/contracts';
import { requestLogger, type Logger, type RequestTrace } from '@switchyard/observability';
import { EVENTS, type EventSink } from '@switchyard/runtime';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Principal } from '../auth/api-key-auth.service';
import { principalOf } from '../auth/request-principal';
import { LOGGER } from '../gateway.constants';
import type { RequestContext } from '../inference/inference.client';
import { CLIENT_CLOSED_STATUS, UsageObserver, type UsageFacts } from './usage-observer';

/** One request being recorded on a transport other than HTTP: observe its parts, then `finish` once. */
export interface UsageRecording {
  observe(parts: AsyncIterable<StreamPart>): AsyncGenerator<StreamPart>;
  /** Publishes the event: the client was told `status`; `cancelled` when it left before the end. */
  finish(status: number, cancelled: boolean): void;
}

/** The key id a usage event names: the key's record id, or `open`. */
export function keyIdOf(principal: Principal | undefined): string {
  return principal?.kind === 'key' ? principal.key.id : 'open';
}

/**
 * Publishes one `UsageEvent` per finished inference request (every endpoint and transport) into the
 * durable events stream, and logs the request's one access line. HTTP requests are timed from when
 * Fastify received them to their response's last byte.
 */
@Injectable()
export class UsageRecorder {
  constructor(
    @Inject(EVENTS) private readonly events: EventSink,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  /** Observes an HTTP request's parts; the event goes out when its response closes (sent, or the client gone). */
  track(
    req: FastifyRequest,
    reply: FastifyReply,
    context: RequestContext,
    job: Pick<UsageFacts, 'kind' | 'requestedModel' | 'streamed'>,
    parts: AsyncIterable<StreamPart>,
  ): AsyncGenerator<StreamPart> {
    const facts = { ...job, requestId: context.requestId, keyId: keyIdOf(principalOf(req)) };
    const observer = new UsageObserver(facts, () => reply.elapsedTime);
    const res = reply.raw;
    res.once('close', () => {
      const status = res.headersSent ? res.statusCode : CLIENT_CLOSED_STATUS;
      this.publish(observer.event(status, !res.writableFinished), context);
    });
    return observer.observe(parts);
  }

  /** Starts recording a request that arrived now on another transport (a WebSocket message). */
  begin(facts: UsageFacts, trace: RequestTrace): UsageRecording {
    const start = performance.now();
    const observer = new UsageObserver(facts, () => performance.now() - start);
    let finished = false;
    return {
      observe: (parts) => observer.observe(parts),
      finish: (status, cancelled) => {
        if (finished) return;
        finished = true;
        this.publish(observer.event(status, cancelled), trace);
      },
    };
  }

  private publish(event: UsageEvent, trace: RequestTrace): void {
    this.events.publish(SUBJECTS.usageEvent, event, `${event.requestId}:${event.receivedAt}`);
    const { status, errorCode, kind, requestedModel, backend, streamed, keyId, durationMs, ttftMs, promptTokens, completionTokens } = event;
    requestLogger(this.logger, trace).info(
      { status, errorCode, kind, model: requestedModel, backend, streamed, keyId, durationMs, ttftMs, promptTokens, completionTokens },
      'request finished',
    );
  }
}
