import { Injectable } from '@nestjs/common';

/** The last request whose client went away, and how far its generation got. */
export interface CancelledRequest {
  requestId: string;
  /** Tokens generated before the generation stopped. */
  generatedTokens: number;
}

/** Counters of what this worker has done since it started. */
@Injectable()
export class WorkerStats {
  /** Generations that ended with finish and usage. */
  completed = 0;
  /** Requests abandoned by their client (while queued or generating). */
  cancelled = 0;
  /** Requests that failed inside the worker. */
  failed = 0;
  /** Requests that ran out of time (queued or generating). */
  timeouts = 0;
  /** Requests refused because the model's queue was full or the worker was draining. */
  busyRejections = 0;
  /** Tokens generated, whatever became of the requests. */
  generatedTokens = 0;
  /** The most recent cancellation. */
  lastCancelled: CancelledRequest | null = null;

  recordCompleted(tokens: number): void {
    this.completed++;
    this.generatedTokens += tokens;
  }

  recordCancelled(requestId: string, tokens: number): void {
    this.cancelled++;
    this.generatedTokens += tokens;
    this.lastCancelled = { requestId, generatedTokens: tokens };
  }

  recordFailed(tokens: number): void {
    this.failed++;
    this.generatedTokens += tokens;
  }

  recordTimeout(tokens: number): void {
    this.timeouts++;
    this.generatedTokens += tokens;
  }

  recordBusy(): void {
    this.busyRejections++;
  }
}
