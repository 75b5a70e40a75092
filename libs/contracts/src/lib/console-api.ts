import type { UsageEvent } from './usage-event';
import type { WorkerHeartbeat } from './worker-heartbeat';

/**
 * The console's API: served by the gateway under `CONSOLE_API_PATH`, every route behind the gateway's admin token
 * (`Authorization: Bearer <gateway.adminToken>`). Errors are OpenAI-shaped (`{ error: { message, type, param, code } }`):
 * 401 for a missing or wrong token, 403 when no admin token is configured, 400 for bad input, 404 for an unknown key,
 * 503 when the router or the metrics service does not answer.
 */
export const CONSOLE_API_PATH = '/console/api';

/** A circuit as a router sees it: closed (traffic flows), open (refused until it cools), half-open (one probe allowed). */
export type CircuitState = 'closed' | 'open' | 'half-open';

/** Moving averages of one backend on one worker, as one router has observed them. */
export interface LatencyStats {
  /** Time to first token, ms (exponentially weighted). */
  ttftMs: number;
  /** Decode speed, tokens per second (exponentially weighted); undefined until a sample had ≥ 2 tokens. */
  tokensPerSecond?: number;
  samples: number;
  /** The last times to first token, oldest first (for percentiles), ms. */
  recentTtftMs: number[];
  /** How long requests that found every slot busy waited in the worker's queue, ms (exponentially weighted); undefined until one did. */
  queuedMs?: number;
}

/** One worker as a router sees it: its last heartbeat, its circuit, and the latency measured per backend. */
export interface WorkerView {
  heartbeat: WorkerHeartbeat;
  /** Epoch ms when the router first heard of it. */
  firstSeen: number;
  /** Epoch ms when the router forgets it unless another heartbeat comes. */
  expiresAt: number;
  circuit: CircuitState;
  /** Requests this router has in flight on it. */
  inFlightFromHere: number;
  /** Per backend id (`local:stories260k`). */
  latency: Record<string, LatencyStats>;
}

/** `GET /console/api/backends` (and the router's `GET /workers`, without `routerId` and `at`). */
export interface BackendsView {
  object: 'console.backends';
  /** The router replica that answered. */
  routerId: string;
  /** Epoch ms of the answer. */
  at: number;
  workers: WorkerView[];
}

/** `GET /console/api/session`: the token is right; what the console needs to know about the gateway. */
export interface ConsoleSession {
  object: 'console.session';
  /** The gateway replica that answered. */
  gatewayId: string;
  /** False while the gateway runs open (no key exists): clients need no key. */
  keysEnabled: boolean;
  /** The gateway's OpenAI-compatible base path, for the playground (`/v1`). */
  apiBase: string;
}

/** One finished request as the live routes table shows it: its usage event with the key's name. */
export interface RouteEntry extends UsageEvent {
  /** The key's name (`team-a`); null for `open`, `admin` or a key no longer known. */
  keyName: string | null;
}

/** `GET /console/api/routes?limit=N` (1–500, default 200): the latest requests, newest first. */
export interface RouteList {
  object: 'list';
  data: RouteEntry[];
}

/** One time slice of the overview. Latency figures are null when no request finished in it. */
export interface OverviewBucket {
  /** Epoch ms at which the slice starts. */
  start: number;
  requests: number;
  /** Requests that ended with an error (status ≥ 400, or an error after a stream started). */
  errors: number;
  /** Receipt to last byte, ms. */
  latencyP50Ms: number | null;
  latencyP99Ms: number | null;
  /** Receipt to first token, ms (requests that had one). */
  ttftP50Ms: number | null;
  ttftP99Ms: number | null;
  /** Requests where a backend failed before another answered. */
  fallbacks: number;
  /** Requests answered by a hedge. */
  hedges: number;
  /** Streams that went on on another backend. */
  resumes: number;
  /** Prompt + completion tokens per backend id (`none` for requests no backend answered). */
  tokensByBackend: Record<string, number>;
}

/** `GET /console/api/overview`: the last `windowMs` in slices of `bucketMs`, oldest first, every slice present. */
export interface Overview {
  object: 'console.overview';
  bucketMs: number;
  windowMs: number;
  buckets: OverviewBucket[];
}

/** A key as the console lists it: everything but its hash. */
export interface ConsoleKey {
  id: string;
  name: string;
  /** First characters of the key, for display (`sk-sy-AbCd`). */
  prefix: string;
  createdAt: string;
  revokedAt?: string;
  /** Requests per minute, tokens per minute, requests per UTC day (the keys library's `KeyLimits`). */
  limits: { rpm: number; tpm: number; rpd: number };
  /** Model patterns it may use; empty means every model. */
  models: string[];
}

/** `GET /console/api/keys`: every key, revoked ones included, oldest first. */
export interface ConsoleKeyList {
  object: 'list';
  data: ConsoleKey[];
}

/**
 * `POST /console/api/keys` body, the same rules as `npm run keys -- create`: a unique name (1–64 letters, digits, `.`,
 * `_`, `-`), optional limits (defaults 60 rpm, 150,000 tpm, 3,500 rpd), optional model patterns (`local:*`, `auto`).
 */
export interface CreateConsoleKey {
  name: string;
  limits?: Partial<ConsoleKey['limits']>;
  models?: string[];
}

/** `POST /console/api/keys` answer (201): the key itself, shown once, and its record. */
export interface CreatedConsoleKey {
  key: string;
  record: ConsoleKey;
}

/** `DELETE /console/api/keys/:idOrName` answer. */
export interface RevokedConsoleKey {
  record: ConsoleKey;
  alreadyRevoked: boolean;
}

/**
 * `GET /console/api/feed`: a server-sent event stream (read it with `fetch`, since it needs the Authorization header).
 * Events, by SSE `event:` name, each `data:` one JSON object:
 * - `route`: a `RouteEntry`, as each request finishes (on any gateway replica);
 * - `worker`: a `WorkerHeartbeat`, as each worker sends one;
 * - `goodbye`: `{ workerId }` when a worker leaves.
 * A comment line (`: ping`) every 15 s keeps proxies from closing it.
 */
export type ConsoleFeedEvent =
  | { event: 'route'; data: RouteEntry }
  | { event: 'worker'; data: WorkerHeartbeat }
  | { event: 'goodbye'; data: { workerId: string } };

/** The SSE event names of the feed. */
export const CONSOLE_FEED_EVENTS = ['route', 'worker', 'goodbye'] as const;
