import type { StreamPart } from '@switchyard/contracts';

/** Token counts of one request, filled in while its job runs. */
export interface JobTally {
  /** Prompt tokens, counted once per prompt. */
  promptTokens: number;
  /** Tokens generated over every choice (and every `best_of` candidate). */
  completionTokens: number;
}

/** How a job ended: everything done; stopped by its signal (caller gone, deadline, shutdown); or refused with an error part. */
export type JobEnd = 'completed' | 'aborted' | 'refused';

/**
 * The work of one admitted request. It yields the request's parts from `start` on (`usage` and the
 * errors of a stopped job are the service's), keeps `tally` up to date, and returns how it ended.
 */
export type Job = (stop: AbortSignal, tally: JobTally) => AsyncGenerator<StreamPart, JobEnd>;
