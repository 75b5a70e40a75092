import type { FastifyRequest } from 'fastify';
import { isPublicPath, requestedModel } from './access.guard';

describe('isPublicPath', () => {
  it.each<[string, boolean]>([
    ['/health', true],
    ['/health/ready', true],
    ['/health?verbose=1', true],
    ['/metrics', true],
    ['/metrics?name[]=process_cpu_seconds_total', true],
    ['/metrics/', false],
    ['/v1/metrics', false],
    ['/healthz', false],
    ['/v1/health', true],
    ['/v1/health/ready', true],
    ['/v1/healthz', false],
    ['/v1/models', false],
    ['/models', false],
    ['/v1/chat/completions', false],
    ['/', false],
  ])('%s → %s', (url, expected) => {
    expect(isPublicPath(url)).toBe(expected);
  });
});

describe('requestedModel', () => {
  const request = (route: string, body: unknown, params: Record<string, string> = {}): FastifyRequest =>
    ({ routeOptions: { url: route }, body, params }) as unknown as FastifyRequest;

  it.each<[string, FastifyRequest, string | undefined]>([
    ['the model of a chat body', request('/v1/chat/completions', { model: 'auto', messages: [] }), 'auto'],
    ['the model of an embeddings body', request('/embeddings', { model: 'local:e', input: 'x' }), 'local:e'],
    ['the id of GET /v1/models/{id}', request('/v1/models/*', undefined, { '*': 'openai:gpt-4o' }), 'openai:gpt-4o'],
    ['the id without /v1', request('/models/*', undefined, { '*': 'local:x' }), 'local:x'],
    ['an id with a slash', request('/v1/models/*', undefined, { '*': 'meta-llama/Llama-2-7b-chat-hf' }), 'meta-llama/Llama-2-7b-chat-hf'],
    ['nothing for the model list', request('/v1/models', undefined), undefined],
    ['nothing when model is not a string', request('/v1/chat/completions', { model: 42 }), undefined],
    ['nothing for a body that is not an object', request('/v1/chat/completions', 'text'), undefined],
  ])('reads %s', (_name, req, expected) => {
    expect(requestedModel(req)).toBe(expected);
  });
});
