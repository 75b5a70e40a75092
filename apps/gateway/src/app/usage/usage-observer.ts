import type { Endpoint, ReplyPart, Route, UsageEvent } from '@switchyard/contracts';
import { toHttpError, type ErrorCode } from '@switchyard/openai';

/** What the gateway knows about a request when it starts running it. */
export interface UsageFacts {
  requestId: string;
  /** The API key's id, or `open`. */
  keyId: string;
  kind: UsageEvent['kind'];
  /** The client API it came through. */
  endpoint: Endpoint;
  requestedModel: string;
  streamed: boolean;
}

/** Status of a request whose client left before any answer went out (nginx's "client closed request"). */
export const CLIENT_CLOSED_STATUS = toHttpError('cancelled', '').status;

/** The closest error code to an HTTP status, for failures that came with no error part (an exception). */
function codeForStatus(status: number): ErrorCode {
  if (status === CLIENT_CLOSED_STATUS) return 'cancelled';
  return status >= 500 ? 'internal_error' : 'invalid_request';
}

/** Rounds a duration to the microsecond. */
function ms(value: number): number {
  return Math.round(value * 1000) / 1000;
}

/**
 * Watches one request's parts go by and, at the end, describes it as a `UsageEvent`: the backend and the
 * router's route from `start` (or the route from the router's error), tokens and the worker's own time
 * from `usage`, the error code, and timings on `elapsed` (ms since the gateway received the request):
 * time to the first output (the first rendered piece that carries text, tool calls, a refusal or
 * embeddings), the mean gap between such pieces after the first, and how much of the whole was spent
 * outside the worker.
 */
export class UsageObserver {
  private readonly receivedAt: number;
  private backend: string | null = null;
  private route: Route | null = null;
  private errorCode: ErrorCode | null = null;
  private promptTokens = 0;
  private completionTokens = 0;
  private workerMs: number | undefined;
  /** First rendered piece with output. */
  private firstOutputMs: number | undefined;
  /** First and last rendered piece with output, and how many there were. */
  private firstTokenMs = 0;
  private lastTokenMs = 0;
  private tokens = 0;

  constructor(
    private readonly facts: UsageFacts,
    private readonly elapsed: () => number,
    now: () => number = Date.now,
  ) {
    this.receivedAt = Math.round(now() - elapsed());
  }

  /** Notes one part. */
  note(part: ReplyPart): void {
    switch (part.type) {
      case 'rendered':
        if (part.output) this.noteOutput();
        return;
      case 'start':
        this.backend = part.backend;
        this.route = part.route ?? this.route;
        return;
      case 'error':
        this.errorCode = part.code;
        this.route = part.route ?? this.route;
        return;
      case 'usage':
        this.promptTokens = part.promptTokens;
        this.completionTokens = part.completionTokens;
        this.workerMs = part.workerMs;
        return;
    }
  }

  private noteOutput(): void {
    const at = this.elapsed();
    this.firstOutputMs ??= at;
    if (this.tokens === 0) this.firstTokenMs = at;
    this.lastTokenMs = at;
    this.tokens += 1;
  }

  /** The event as of now: the client got `status`; `cancelled` when it left before the answer was complete. */
  event(status: number, cancelled: boolean): UsageEvent {
    const durationMs = ms(this.elapsed());
    const errorCode = this.errorCode ?? (cancelled ? 'cancelled' : status >= 400 ? codeForStatus(status) : null);
    return {
      requestId: this.facts.requestId,
      receivedAt: this.receivedAt,
      keyId: this.facts.keyId,
      kind: this.facts.kind,
      endpoint: this.facts.endpoint,
      requestedModel: this.facts.requestedModel,
      backend: this.backend,
      status,
      errorCode,
      streamed: this.facts.streamed,
      promptTokens: this.promptTokens,
      completionTokens: this.completionTokens,
      durationMs,
      ttftMs: this.firstOutputMs === undefined ? null : ms(this.firstOutputMs),
      interTokenMs: this.tokens < 2 ? null : ms((this.lastTokenMs - this.firstTokenMs) / (this.tokens - 1)),
      overheadMs: this.workerMs === undefined ? null : ms(Math.max(0, durationMs - this.workerMs)),
      route: this.route,
    };
  }
}
