import type { Scenario } from './answer';

/** How a fake upstream behaves; every field but `port` can be changed later with {@link FakeUpstream.set}. */
export interface FakeUpstreamOptions {
  /** Port to listen on (read once, at start); a free one when absent. Lets a test stop an upstream and bring it back at the same address. */
  port?: number;
  /**
   * Plays this scenario for every chat request, whatever model it names (`set({ scenario: 'rate-limited' })`
   * turns a healthy upstream into a 429 one; `set({ scenario: undefined })` turns it back). While it is
   * `rate-limited`, the model list too carries exhausted rate-limit headers.
   */
  scenario?: Scenario;
  /** Seconds until the window resets, as exhausted rate-limit headers state it (default 1). */
  rateLimitResetS?: number;
  /** The key requests must carry; when set, requests without it (or with another) get 401. */
  apiKey?: string;
  /** Milliseconds to wait after reading a request, before any header is sent. */
  latencyMs?: number;
  /** Milliseconds to wait between two events of a stream. */
  chunkDelayMs?: number;
  /** How many content pieces the default answer is split into (default 5). */
  chunks?: number;
}

/** One request as the fake upstream received it. */
export interface RecordedRequest {
  /** `GET`, `POST`, … */
  method: string;
  /** The path without the query string, e.g. `/v1/chat/completions`. */
  path: string;
  /** Request headers, names in lower case; repeated headers joined with `, `. */
  headers: Record<string, string>;
  /** The parsed JSON body; the raw text when it is not JSON; undefined when empty. */
  body: unknown;
}

/** A running fake upstream. */
export interface FakeUpstream {
  /** Base URL including `/v1`, e.g. `http://127.0.0.1:PORT/v1`. */
  url: string;
  /** Every request received, in arrival order. */
  requests: RecordedRequest[];
  /** How many POSTs asked for `model`. */
  hits(model: string): number;
  /** Stops listening and destroys open connections (streams in progress are cut). */
  close(): Promise<void>;
  /** Changes options for the requests that arrive from now on. */
  set(options: Partial<FakeUpstreamOptions>): void;
}
