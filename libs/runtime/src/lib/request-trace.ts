import { HEADERS } from '@switchyard/contracts';
import type { MessageHeaders } from '@switchyard/nats';
import type { RequestTrace } from '@switchyard/observability';

/**
 * The trace of a request from the headers it travelled with on NATS: `x-request-id` (else `requestId`,
 * the id in the payload) and the client's `traceparent` when there was one.
 */
export function traceOf(headers: MessageHeaders, requestId?: string): RequestTrace {
  const trace: RequestTrace = {};
  const id = headers[HEADERS.requestId] || requestId;
  if (id) trace.requestId = id;
  const traceparent = headers[HEADERS.traceparent];
  if (traceparent) trace.traceparent = traceparent;
  return trace;
}
