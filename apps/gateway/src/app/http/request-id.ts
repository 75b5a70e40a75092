import { randomId } from '@switchyard/openai';

const CLIENT_ID = /^[A-Za-z0-9._:-]{1,128}$/;
/** W3C trace context: version (never `ff`), trace id and parent id (never all zeros), flags. */
const TRACEPARENT = /^(?!ff)[0-9a-f]{2}-(?!0{32})[0-9a-f]{32}-(?!0{16})[0-9a-f]{16}-[0-9a-f]{2}$/;

function single(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}

/** The client's `x-request-id` when it is safe to reuse, else a fresh `req_…` id. */
export function resolveRequestId(header: string | string[] | undefined): string {
  const value = single(header);
  return value !== undefined && CLIENT_ID.test(value) ? value : `req_${randomId(24)}`;
}

/** A well-formed W3C `traceparent`, or undefined. */
export function resolveTraceparent(header: string | string[] | undefined): string | undefined {
  const value = single(header);
  return value !== undefined && TRACEPARENT.test(value) ? value : undefined;
}
