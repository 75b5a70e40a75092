import { errorPart, type StreamPart } from '@switchyard/contracts';
import { OpenAIHttpException } from './openai-http.exception';
import { policyFromHeader, resumeFromHeader, routeHeaders } from './routing-headers';

describe('policyFromHeader', () => {
  it.each([
    ['edge-first', 'edge-first'],
    [' Cloud-First ', 'cloud-first'],
    ['fastest', 'fastest'],
    ['CHEAPEST', 'cheapest'],
  ])('reads %j', (header, policy) => {
    expect(policyFromHeader(header)).toBe(policy);
  });

  it('leaves the policy to the router when the header is absent', () => {
    expect(policyFromHeader(undefined)).toBeUndefined();
  });

  it.each([['random'], [''], [['edge-first', 'cloud-first']]])('rejects %j with a 400 naming the header', (header) => {
    let thrown: unknown;
    try {
      policyFromHeader(header);
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(OpenAIHttpException);
    const response = (thrown as OpenAIHttpException).getResponse();
    expect(response).toMatchObject({ error: { param: 'x-switchyard-policy', type: 'invalid_request_error' } });
    expect(JSON.stringify(response)).toContain('edge-first, cloud-first, fastest, cheapest');
  });
});

describe('routeHeaders', () => {
  const route = {
    policy: 'edge-first' as const,
    selected: 'openai:gpt-4o-mini',
    failed: [{ backend: 'local:stories260k', workerId: 'w1', code: 'backend_busy' as const, ms: 3 }],
    skipped: [],
  };

  it('writes x-switchyard-route from the start part', () => {
    const start: StreamPart = { type: 'start', backend: 'openai:gpt-4o-mini', model: 'auto (selected: openai:gpt-4o-mini)', workerId: 'c1', route };
    expect(routeHeaders(start)).toEqual({ 'x-switchyard-route': 'selected=openai:gpt-4o-mini; policy=edge-first; failed=local:stories260k (backend_busy)' });
  });

  it('writes it from a routing error, with selected=none', () => {
    const error = { ...errorPart('service_unavailable', 'down'), route: { ...route, selected: null } };
    expect(routeHeaders(error)['x-switchyard-route']).toMatch(/^selected=none; policy=edge-first; failed=/);
  });

  it('writes nothing for parts without a route', () => {
    expect(routeHeaders({ type: 'usage', promptTokens: 1, completionTokens: 1 })).toEqual({});
    expect(routeHeaders(errorPart('invalid_request', 'x'))).toEqual({});
  });
});

describe('resumeFromHeader', () => {
  it.each<[string | string[] | undefined, boolean]>([
    [undefined, true],
    ['on', true],
    [' OFF ', false],
    ['off', false],
  ])('reads %j', (header, resume) => {
    expect(resumeFromHeader(header)).toBe(resume);
  });

  it.each([['no'], ['false'], [['on', 'off']]])('refuses %j with a 400 naming the header', (header) => {
    expect(() => resumeFromHeader(header)).toThrow(OpenAIHttpException);
    try {
      resumeFromHeader(header);
    } catch (error) {
      expect((error as OpenAIHttpException).getResponse()).toMatchObject({ error: { param: 'x-switchyard-resume' } });
    }
  });
});
