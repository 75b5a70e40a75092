import type { HeaderMap, UpstreamRequest } from '@switchyard/providers-core';
import { Pool } from 'undici';
import { classifyNetworkError } from './upstream-errors';

/** A response whose headers have arrived; the body is read by the caller. */
export interface UpstreamResponse {
  status: number;
  headers: HeaderMap;
  /** Body chunks as they arrive. */
  body: AsyncIterable<Uint8Array>;
  /** The whole body as text. */
  text(): Promise<string>;
  /** Drops the rest of the body. */
  discard(): Promise<void>;
}

function flattenHeaders(raw: Record<string, string | string[] | undefined>): HeaderMap {
  const out: Record<string, string> = {};
  for (const [key, value] of Object.entries(raw)) {
    if (value !== undefined) out[key.toLowerCase()] = Array.isArray(value) ? value.join(', ') : value;
  }
  return out;
}

/**
 * HTTP to one provider over a keep-alive connection pool (undici). Network failures are classified as
 * unreachable or timeout; HTTP error statuses are returned as responses for the adapter to read.
 */
export class UpstreamClient {
  private readonly pool: Pool;
  private readonly basePath: string;

  constructor(
    baseUrl: string,
    private readonly authHeaders: Record<string, string>,
    private readonly timeoutMs: number,
    connections: number,
  ) {
    const url = new URL(baseUrl);
    this.pool = new Pool(url.origin, { connections, keepAliveTimeout: 30_000 });
    this.basePath = url.pathname.replace(/\/+$/, '');
  }

  /** POSTs a JSON request. */
  send(request: UpstreamRequest, signal: AbortSignal): Promise<UpstreamResponse> {
    return this.call('POST', request.path, JSON.stringify(request.body), { 'content-type': 'application/json', ...request.headers }, signal);
  }

  /** GETs a path (the connectivity probe). */
  get(path: string, signal: AbortSignal): Promise<UpstreamResponse> {
    return this.call('GET', path, undefined, {}, signal);
  }

  async close(): Promise<void> {
    await this.pool.close();
  }

  private async call(method: 'GET' | 'POST', path: string, body: string | undefined, headers: Record<string, string>, signal: AbortSignal): Promise<UpstreamResponse> {
    try {
      const res = await this.pool.request({
        method,
        path: this.basePath + path,
        headers: { accept: body === undefined ? 'application/json' : 'application/json, text/event-stream', ...headers, ...this.authHeaders },
        body,
        signal,
        headersTimeout: this.timeoutMs,
        bodyTimeout: this.timeoutMs,
      });
      return {
        status: res.statusCode,
        headers: flattenHeaders(res.headers),
        body: res.body,
        text: () => res.body.text(),
        discard: async () => {
          await res.body.dump().catch(() => undefined);
        },
      };
    } catch (error) {
      throw classifyNetworkError(error);
    }
  }
}
