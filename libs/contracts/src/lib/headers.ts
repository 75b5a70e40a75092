/** Header names carried on NATS messages (and echoed over HTTP where noted). */
export const HEADERS = {
  /** The request id assigned by the gateway; also returned to clients as `x-request-id`. */
  requestId: 'x-request-id',
  /** W3C trace context, when the client sent one. */
  traceparent: 'traceparent',
} as const;
