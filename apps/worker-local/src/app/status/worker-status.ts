import type { CancelledRequest } from './worker-stats.service';

/** One served model in `/status`. */
export interface ModelStatus {
  name: string;
  path: string;
  contextLength: number;
  concurrency: number;
  maxQueue: number;
  threads: number;
  chatWrapper: string;
  /** Tokens in the vocabulary (token ids in `logit_bias` and prompts are below it). */
  vocabularySize: number;
  /** Length of its embedding vectors. */
  embeddingSize: number;
  /** Whether it takes `suffix` (fill-in-the-middle tokens). */
  infill: boolean;
  inFlight: number;
  queued: number;
}

/** The body of `GET /status`: what the worker serves, its load, and its counters since start. */
export interface WorkerStatus {
  workerId: string;
  draining: boolean;
  models: ModelStatus[];
  /** Generations running now, over all models. */
  inFlight: number;
  /** Requests waiting for a slot, over all models. */
  queued: number;
  completed: number;
  cancelled: number;
  failed: number;
  timeouts: number;
  busyRejections: number;
  /** Tokens generated since start. */
  generatedTokens: number;
  lastCancelled: CancelledRequest | null;
}
