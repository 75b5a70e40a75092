import type { ErrorPart, StartPart, StreamPart } from '@switchyard/contracts';

/**
 * Failures of the upstream's answer itself (garbage instead of SSE or JSON, a stream that stalls or breaks off)
 * that another backend may well not have: before any output, the router can send the request there instead.
 */
const FAILOVER_BEFORE_OUTPUT: ReadonlySet<ErrorPart['code']> = new Set(['upstream_error', 'timeout']);

/**
 * Sends `start` only once the upstream's answer has produced its first part, so that an answer that fails before
 * any output (a malformed first event, a stall right after the headers, a body that is not JSON) reaches the
 * router as a failure before start, which it may fail over, rather than as an error in a stream already begun.
 * Such a failure is marked retryable. An answer with no parts at all still gets its `start`.
 */
export async function* startOnFirstPart(start: StartPart, parts: AsyncIterable<StreamPart>): AsyncGenerator<StreamPart> {
  let started = false;
  for await (const part of parts) {
    if (!started) {
      if (part.type === 'error') {
        yield FAILOVER_BEFORE_OUTPUT.has(part.code) ? { ...part, retryable: true } : part;
        return;
      }
      started = true;
      yield start;
    }
    yield part;
  }
  if (!started) yield start;
}
