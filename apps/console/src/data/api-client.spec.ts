import { createApiClient, type FetchLike, usageQueryString } from './api-client';
import { ApiError, errorFromFailure, errorFromResponse, messageOf } from './api-error';

interface Call {
  url: string;
  init: RequestInit | undefined;
}

/** A fetch that answers every call with `answer` and records what was asked. */
function fakeFetch(answer: (url: string) => Response | Promise<Response>): { fetch: FetchLike; calls: Call[] } {
  const calls: Call[] = [];
  return {
    calls,
    fetch: async (url, init) => {
      calls.push({ url, init });
      return answer(url);
    },
  };
}

const json = (body: unknown, status = 200): Response => new Response(JSON.stringify(body), { status, headers: { 'Content-Type': 'application/json' } });
const openAIError = (message: string, code: string | null, status: number): Response =>
  json({ error: { message, type: 'invalid_request_error', param: null, code } }, status);

describe('API client', () => {
  it('sends the admin token and parses the answer', async () => {
    const { fetch, calls } = fakeFetch(() => json({ object: 'console.session', gatewayId: 'g1', keysEnabled: true, apiBase: '/v1' }));
    const session = await createApiClient({ fetch, token: 'secret' }).session();
    expect(session.gatewayId).toBe('g1');
    expect(calls[0].url).toBe('/console/api/session');
    expect(new Headers(calls[0].init?.headers).get('Authorization')).toBe('Bearer secret');
  });

  it('turns an OpenAI error body into its message, status and code', async () => {
    const { fetch } = fakeFetch(() => openAIError("A key named 'team-a' already exists", 'invalid_request', 400));
    const error = await createApiClient({ fetch, token: 't' })
      .createKey({ name: 'team-a' })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ApiError);
    expect((error as ApiError).message).toBe("A key named 'team-a' already exists");
    expect((error as ApiError).status).toBe(400);
    expect((error as ApiError).code).toBe('invalid_request');
    expect((error as ApiError).signedOut).toBe(false);
  });

  it('signals sign-out on a 401, and only on a 401', async () => {
    const signedOut: string[] = [];
    const onSignedOut = (error: ApiError): void => {
      signedOut.push(error.message);
    };
    const refused = fakeFetch(() => openAIError('Invalid admin token', 'invalid_api_key', 401));
    const error = await createApiClient({ fetch: refused.fetch, token: 't', onSignedOut })
      .overview()
      .catch((e: unknown) => e);
    expect((error as ApiError).signedOut).toBe(true);
    expect(signedOut).toEqual(['Invalid admin token']);

    const unconfigured = fakeFetch(() => openAIError('No admin token is configured', 'permission_denied', 403));
    const forbidden = await createApiClient({ fetch: unconfigured.fetch, token: 't', onSignedOut })
      .session()
      .catch((e: unknown) => e);
    expect((forbidden as ApiError).status).toBe(403);
    expect((forbidden as ApiError).message).toBe('No admin token is configured');
    expect(signedOut).toHaveLength(1);
  });

  it('explains a network failure', async () => {
    const fetch: FetchLike = () => Promise.reject(new TypeError('Failed to fetch'));
    const error = await createApiClient({ fetch, token: 't' })
      .keys()
      .catch((e: unknown) => e);
    expect((error as ApiError).status).toBeNull();
    expect((error as ApiError).code).toBe('network_error');
    expect((error as ApiError).message).toBe('Could not reach the gateway (Failed to fetch)');
  });

  it('reports a cancelled call as aborted, not as a network failure', async () => {
    const fetch: FetchLike = () => Promise.reject(Object.assign(new Error('The operation was aborted'), { name: 'AbortError' }));
    const error = await createApiClient({ fetch, token: 't' })
      .backends()
      .catch((e: unknown) => e);
    expect((error as ApiError).aborted).toBe(true);
  });

  it('shows status and text when the error body is not OpenAI-shaped', async () => {
    const { fetch } = fakeFetch(() => new Response('<html><body><h1>Bad Gateway</h1></body></html>', { status: 502, statusText: 'Bad Gateway' }));
    const error = await createApiClient({ fetch, token: 't' })
      .overview()
      .catch((e: unknown) => e);
    expect((error as ApiError).message).toBe('HTTP 502 Bad Gateway: Bad Gateway');
    const empty = await errorFromResponse(new Response('', { status: 503 }));
    expect(empty.message).toBe('HTTP 503');
  });

  it('refuses a 200 that is not JSON (a page served where the API should be)', async () => {
    const { fetch } = fakeFetch(() => new Response('<!doctype html><html></html>', { status: 200 }));
    const error = await createApiClient({ fetch, token: 't' })
      .overview()
      .catch((e: unknown) => e);
    expect((error as ApiError).message).toMatch(/not JSON/);
  });

  it('builds the URLs of keys, usage, routes and models', async () => {
    const { fetch, calls } = fakeFetch((url) => {
      if (url.endsWith('/keys')) return json({ object: 'list', data: [] }, 200);
      if (url.startsWith('/v1')) return json({ object: 'list', data: [{ id: 'auto' }, { id: 'local:stories260k' }] });
      return json({});
    });
    const api = createApiClient({ fetch, token: 't' });
    expect(await api.keys()).toEqual([]);
    await api.createKey({ name: 'n', limits: { rpm: 5 } });
    await api.revokeKey('team a/b');
    await api.usage({ key: 'key_1', from: '2024-03-01', to: '2024-03-07' });
    await api.routes(200);
    expect(await api.models('/v1')).toEqual(['auto', 'local:stories260k']);
    expect(calls.map((call) => `${call.init?.method ?? 'GET'} ${call.url}`)).toEqual([
      'GET /console/api/keys',
      'POST /console/api/keys',
      'DELETE /console/api/keys/team%20a%2Fb',
      'GET /console/api/usage?key=key_1&from=2024-03-01&to=2024-03-07',
      'GET /console/api/routes?limit=200',
      'GET /v1/models',
    ]);
    expect(JSON.parse(String(calls[1].init?.body))).toEqual({ name: 'n', limits: { rpm: 5 } });
    expect(new Headers(calls[1].init?.headers).get('Content-Type')).toBe('application/json');
  });

  it('leaves unset usage parameters out', () => {
    expect(usageQueryString({})).toBe('');
    expect(usageQueryString({ key: '', from: '2024-01-01' })).toBe('?from=2024-01-01');
  });

  it('keeps an ApiError as it is and reads messages of anything thrown', () => {
    const original = new ApiError('x', 500);
    expect(errorFromFailure(original)).toBe(original);
    expect(errorFromFailure('boom').message).toBe('Could not reach the gateway (boom)');
    expect(messageOf(new Error('e'))).toBe('e');
    expect(messageOf(42)).toBe('42');
  });
});
