import type { Socket } from 'node:net';
import { STATUS_CODES } from 'node:http';
import { toHttpError, type ErrorCode } from '@switchyard/openai';
import { SECURITY_HEADERS } from './security-headers';

/** What Node's HTTP parser refused, as one of our error codes and a message for the client. */
function describe(code: string | undefined): { code: ErrorCode; message: string } {
  switch (code) {
    case 'HPE_HEADER_OVERFLOW':
      return { code: 'request_headers_too_large', message: 'The request headers are too large.' };
    case 'ERR_HTTP_REQUEST_TIMEOUT':
      return { code: 'request_timeout', message: 'The request was not received in time.' };
    case 'HPE_INVALID_HEADER_TOKEN':
    case 'HPE_INVALID_CONSTANT':
    case 'HPE_LF_EXPECTED':
    case 'HPE_CR_EXPECTED':
      return { code: 'invalid_request', message: 'The request has a malformed header (invalid characters or line endings).' };
    default:
      return { code: 'invalid_request', message: 'The request is not valid HTTP.' };
  }
}

/**
 * Fastify's `clientErrorHandler`: a request Node's HTTP parser refused (headers over the size limit, a
 * header with a bare CR or LF, not HTTP at all) never reaches a route, so it is answered here, on the
 * socket, in OpenAI's error shape, and the connection is closed. Nothing of the request is echoed.
 */
export function clientErrors(error: Error & { code?: string }, socket: Socket): void {
  if (error.code === 'ECONNRESET' || !socket.writable) {
    socket.destroy();
    return;
  }
  const described = describe(error.code);
  const { status, body } = toHttpError(described.code, described.message);
  const json = JSON.stringify(body);
  const headers = { 'content-type': 'application/json; charset=utf-8', 'content-length': String(Buffer.byteLength(json)), ...SECURITY_HEADERS, connection: 'close' };
  const lines = Object.entries(headers).map(([name, value]) => `${name}: ${value}\r\n`);
  socket.end(`HTTP/1.1 ${status} ${STATUS_CODES[status] ?? 'Error'}\r\n${lines.join('')}\r\n${json}`);
}
