import type { Logger } from 'pino';

/** What ties a log line to one request across services: its id and, when the client sent one, its W3C `traceparent`. */
export interface RequestTrace {
  /** The request id the gateway assigned (`x-request-id`). */
  requestId?: string;
  /** The W3C trace context the client sent, passed along unchanged. */
  traceparent?: string;
}

/** A child logger whose every line carries the request's id and traceparent (absent fields are left out). */
export function requestLogger(logger: Logger, trace: RequestTrace): Logger {
  const bindings: Record<string, string> = {};
  if (trace.requestId) bindings['requestId'] = trace.requestId;
  if (trace.traceparent) bindings['traceparent'] = trace.traceparent;
  return logger.child(bindings);
}
