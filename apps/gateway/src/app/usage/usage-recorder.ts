import { performance } from 'node:perf_hooks';
import { Inject, Injectable } from '@nestjs/common';
import { SUBJECTS, type ReplyPart, type UsageEvent } from '@switchyard/contracts';
import { requestLogger, type Logger, type RequestTrace } from '@switchyard/observability';
import { EVENTS, type StoringEventSink } from '@switchyard/runtime';
import type { Principal } from '../auth/api-key-auth.service';
import { LOGGER } from '../gateway.constants';
import { UsageObserver, type UsageFacts } from './usage-observer';

/** One request being recorded: note its parts as they go by, then `answered` (maybe) and `finish`. */
export interface UsageRecording {
  note(part: ReplyPart): void;
  /**
   * The request ended in a whole answer that is about to be sent: hands its event (status 200) to the bus and
   * resolves once it is in the socket, so the answer's last write leaves after it.
   */
  answered(): Promise<void>;
  /** Publishes the event: the client was told `status`; `cancelled` when it left before the end. No-op after `answered`. */
  finish(status: number, cancelled: boolean): void;
}

/** The key id a usage event names: the key's record id, `admin` for the admin token, or `open`. */
export function keyIdOf(principal: Principal | undefined): string {
  if (principal?.kind === 'key') return principal.key.id;
  return principal?.kind === 'admin' ? 'admin' : 'open';
}

/**
 * Publishes one `UsageEvent` per finished inference request (every endpoint and transport) into the
 * durable events stream, and logs the request's one access line. A request that was answered has its
 * event written to the NATS socket before the answer's end is written to the client's (so a gateway
 * killed just after answering has sent its usage already), timed up to that moment; the client waits for
 * that write (the end of the event loop's turn), not for JetStream's acknowledgement. Any other request
 * is published when the pipeline is done with it.
 */
@Injectable()
export class UsageRecorder {
  constructor(
    @Inject(EVENTS) private readonly events: StoringEventSink,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  /**
   * Starts recording one request. `elapsed`: ms since the gateway received it (an HTTP reply's
   * `elapsedTime`); from now when absent (a WebSocket message).
   */
  begin(facts: UsageFacts, trace: RequestTrace, elapsed?: () => number): UsageRecording {
    const start = performance.now();
    const observer = new UsageObserver(facts, elapsed ?? (() => performance.now() - start));
    let finished = false;
    return {
      note: (part) => observer.note(part),
      answered: async () => {
        if (finished) return;
        finished = true;
        const event = observer.event(200, false);
        const written = this.events.handOver(SUBJECTS.usageEvent, event, `${event.requestId}:${event.receivedAt}`);
        this.logFinished(event, trace);
        await written;
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
