import { request } from 'node:http';
import { keepErrorText } from './run-log';

/** A response read in full. */
export interface RawResponse {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

const CHUNK = 64 * 1024;

/** How long to wait for an early answer after sending the headers, before uploading the body. */
const EARLY_ANSWER_MS = 200;

/**
 * POSTs a body with `node:http` as a careful client does: headers first (with the body's length), a
 * moment for the server to refuse on the declared length alone (the gateway answers a too-large body
 * with 413 without reading it), then the body in chunks, stopping if an answer arrives. A server that
 * answers early closes the connection, and a client still writing may lose that answer to a reset.
 * An error response (headers included) is kept for the run's secrets check.
 */
export function postRaw(url: string, body: string | Buffer, contentType: string): Promise<RawResponse> {
  const bytes = typeof body === 'string' ? Buffer.from(body) : body;
  return new Promise((resolve, reject) => {
    let answered = false;
    // A fresh connection: a kept-alive one may already be closed by the server after an earlier error.
    const req = request(url, { method: 'POST', agent: false, headers: { 'content-type': contentType, 'content-length': bytes.length } }, (res) => {
      answered = true;
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => {
        req.destroy();
        const answer = { status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString() };
        if (answer.status >= 400) keepErrorText(`${JSON.stringify(answer.headers)}\n${answer.body}`);
        resolve(answer);
      });
      res.on('error', reject);
    });
    req.on('error', (error) => {
      if (!answered) setTimeout(() => (answered ? undefined : reject(error)), 3_000);
    });
    let offset = 0;
    const pump = (): void => {
      while (!answered && offset < bytes.length) {
        const ok = req.write(bytes.subarray(offset, offset + CHUNK));
        offset += CHUNK;
        if (!ok) {
          req.once('drain', pump);
          return;
        }
      }
      if (!answered) req.end();
    };
    req.flushHeaders();
    setTimeout(pump, EARLY_ANSWER_MS);
  });
}
