import type {
  BackendsView,
  ConsoleKey,
  ConsoleKeyList,
  ConsoleSession,
  CONSOLE_API_PATH,
  CreateConsoleKey,
  CreatedConsoleKey,
  Overview,
  RevokedConsoleKey,
  RouteList,
  UsageQuery,
  UsageReport,
} from '@switchyard/contracts';
import { ApiError, errorFromFailure, errorFromResponse } from './api-error';

/** The contract's path, repeated as a value because the contracts library is imported for its types only. */
export const CONSOLE_API: typeof CONSOLE_API_PATH = '/console/api';

/** `fetch`, injectable so the client runs in tests without a network. */
export type FetchLike = (input: string, init?: RequestInit) => Promise<Response>;

export interface ApiClientOptions {
  fetch: FetchLike;
  token: string;
  /** Called with the error when any answer is a 401, before the call rejects. */
  onSignedOut?: (error: ApiError) => void;
}

interface ModelList {
  data: Array<{ id: string }>;
}

export interface ApiClient {
  session(signal?: AbortSignal): Promise<ConsoleSession>;
  overview(signal?: AbortSignal): Promise<Overview>;
  backends(signal?: AbortSignal): Promise<BackendsView>;
  routes(limit: number, signal?: AbortSignal): Promise<RouteList>;
  usage(query: UsageQuery, signal?: AbortSignal): Promise<UsageReport>;
  keys(signal?: AbortSignal): Promise<ConsoleKey[]>;
  createKey(body: CreateConsoleKey, signal?: AbortSignal): Promise<CreatedConsoleKey>;
  revokeKey(idOrName: string, signal?: AbortSignal): Promise<RevokedConsoleKey>;
  /** Model ids from `<apiBase>/models`. */
  models(apiBase: string, signal?: AbortSignal): Promise<string[]>;
}

/** The query string of a usage query, leaving out what is not set. */
export function usageQueryString(query: UsageQuery): string {
  const params = new URLSearchParams();
  for (const name of ['key', 'from', 'to'] as const) {
    const value = query[name];
    if (value) params.set(name, value);
  }
  const text = params.toString();
  return text ? `?${text}` : '';
}

/** A client of the console API (and of `/v1/models`) that turns every failure into an ApiError. */
export function createApiClient(options: ApiClientOptions): ApiClient {
  async function request<T>(url: string, init: RequestInit = {}): Promise<T> {
    const headers = new Headers(init.headers);
    headers.set('Authorization', `Bearer ${options.token}`);
    headers.set('Accept', 'application/json');
    let response: Response;
    try {
      response = await options.fetch(url, { ...init, headers, cache: 'no-store' });
    } catch (error) {
      throw errorFromFailure(error);
    }
    if (!response.ok) {
      const error = await errorFromResponse(response);
      if (error.signedOut) options.onSignedOut?.(error);
      throw error;
    }
    try {
      return (await response.json()) as T;
    } catch (error) {
      if (error instanceof Error && error.name === 'AbortError') throw errorFromFailure(error);
      // A 200 that is not JSON: usually a page served where the API should be.
      throw new ApiError(`Unexpected answer from ${url}: not JSON`, response.status, 'bad_response');
    }
  }

  const api = (path: string): string => `${CONSOLE_API}${path}`;
  const json = (method: string, body: unknown, signal?: AbortSignal): RequestInit => ({
    method,
    body: JSON.stringify(body),
    headers: { 'Content-Type': 'application/json' },
    signal,
  });

  return {
    session: (signal) => request(api('/session'), { signal }),
    overview: (signal) => request(api('/overview'), { signal }),
    backends: (signal) => request(api('/backends'), { signal }),
    routes: (limit, signal) => request(api(`/routes?limit=${limit}`), { signal }),
    usage: (query, signal) => request(api(`/usage${usageQueryString(query)}`), { signal }),
    keys: async (signal) => (await request<ConsoleKeyList>(api('/keys'), { signal })).data,
    createKey: (body, signal) => request(api('/keys'), json('POST', body, signal)),
    revokeKey: (idOrName, signal) => request(api(`/keys/${encodeURIComponent(idOrName)}`), { method: 'DELETE', signal }),
    models: async (apiBase, signal) => {
      const list = await request<ModelList>(`${apiBase}/models`, { signal });
      return Array.isArray(list.data) ? list.data.map((model) => model.id).filter((id) => typeof id === 'string') : [];
    },
  };
}
