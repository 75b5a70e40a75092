import type { StreamPart } from '@switchyard/contracts';

/** Passes `parts` through, setting `workerMs` on the usage part: ms from `receivedAt` (a `now()` reading) to that part. */
export async function* withWorkerTime(parts: AsyncIterable<StreamPart>, receivedAt: number, now: () => number): AsyncGenerator<StreamPart> {
  for await (const part of parts) yield part.type === 'usage' ? { ...part, workerMs: Math.max(0, now() - receivedAt) } : part;
}
