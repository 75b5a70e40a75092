import { openAISchemaValidator, testModelsDir } from '@switchyard/testing';
import { postRaw } from './post-raw';
import { startStack, type Stack } from './stack';

interface Case {
  name: string;
  body: string | Buffer;
  contentType?: string;
  status: number;
  param?: string | null;
  code?: string | null;
}

const msg = (extra: Record<string, unknown> = {}): string =>
  JSON.stringify({ model: 'local:stories260k', messages: [{ role: 'user', content: 'Hi' }], max_tokens: 2, ...extra });

const CASES: Case[] = [
  { name: 'malformed JSON', body: '{"model": "auto", "messages": [', status: 400, code: 'invalid_json' },
  { name: 'empty body', body: '', status: 400, code: 'invalid_json' },
  { name: 'JSON that is not an object', body: '[1, 2, 3]', status: 400, param: null },
  { name: 'missing messages', body: JSON.stringify({ model: 'auto' }), status: 400, param: 'messages' },
  { name: 'missing model', body: JSON.stringify({ messages: [{ role: 'user', content: 'x' }] }), status: 400, param: 'model' },
  { name: 'empty messages', body: JSON.stringify({ model: 'auto', messages: [] }), status: 400, param: 'messages' },
  { name: 'messages of the wrong type', body: JSON.stringify({ model: 'auto', messages: 'hello' }), status: 400, param: 'messages' },
  { name: 'content of the wrong type', body: JSON.stringify({ model: 'auto', messages: [{ role: 'user', content: 42 }] }), status: 400, param: 'messages[0].content' },
  { name: 'unknown role', body: JSON.stringify({ model: 'auto', messages: [{ role: 'wizard', content: 'x' }] }), status: 400, param: 'messages[0].role' },
  { name: 'max_tokens -1', body: msg({ max_tokens: -1 }), status: 400, param: 'max_tokens' },
  { name: 'temperature out of range', body: msg({ temperature: 9 }), status: 400, param: 'temperature' },
  { name: 'stream of the wrong type', body: msg({ stream: 'yes' }), status: 400, param: 'stream' },
  { name: 'unknown parameter', body: msg({ frobnicate: true }), status: 400, param: 'frobnicate' },
  { name: 'stream_options without stream', body: msg({ stream_options: { include_usage: true } }), status: 400, param: 'stream_options' },
  { name: 'unknown model', body: msg({ model: 'local:does-not-exist' }), status: 404, code: 'model_not_found', param: 'model' },
  { name: 'unknown bare model', body: msg({ model: 'gpt-9' }), status: 404, code: 'model_not_found' },
  {
    name: 'parameter no local model can honour',
    body: msg({ tools: [{ type: 'custom', custom: { name: 'grep' } }] }),
    status: 400,
    code: 'unsupported_parameter',
    param: 'tools[0]',
  },
  { name: 'top_logprobs without logprobs', body: msg({ top_logprobs: 2 }), status: 400, param: 'top_logprobs' },
  { name: 'text/plain body', body: 'hello', contentType: 'text/plain', status: 415 },
  { name: 'a 10 MB body', body: Buffer.alloc(10 * 1024 * 1024, 'a'), status: 413, code: 'request_too_large' },
];

describe('bad input gets an OpenAI-shaped error and the gateway keeps serving', () => {
  let stack: Stack;
  const spec = openAISchemaValidator();

  beforeAll(async () => {
    stack = await startStack({ modelsDir: testModelsDir() });
  }, 120_000);

  afterAll(async () => {
    await stack?.stop();
  });

  it.each(CASES)('$name → $status', async (c) => {
    const res = await postRaw(`${stack.baseURL}/chat/completions`, c.body, c.contentType ?? 'application/json');
    const body = JSON.parse(res.body) as { error: { message: string; type: string; param: string | null; code: string | null } };
    expect(res.status).toBe(c.status);
    expect(spec.validate('ErrorResponse', body).errors).toEqual([]);
    expect(body.error.message.length).toBeGreaterThan(0);
    if (c.param !== undefined) expect(body.error.param).toBe(c.param);
    if (c.code !== undefined) expect(body.error.code).toBe(c.code);
  });

  it('still answers a good request after all of the above', async () => {
    const res = await fetch(`${stack.baseURL}/chat/completions`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: msg() });
    expect(res.status).toBe(200);
    expect(spec.validate('CreateChatCompletionResponse', await res.json()).valid).toBe(true);
  });

  it('answers a malformed URL with 400 in OpenAI shape', async () => {
    const res = await fetch(`${stack.baseURL}/models/%E0%A4%A`);
    expect(res.status).toBe(400);
    const body = (await res.json()) as unknown;
    expect(spec.validate('ErrorResponse', body).errors).toEqual([]);
  });

  it('answers unknown routes and unknown model ids with 404 in OpenAI shape', async () => {
    const route = await fetch(`${stack.baseURL}/nothing-here`);
    expect(route.status).toBe(404);
    expect(((await route.json()) as { error: { code: string } }).error.code).toBe('not_found');
    const model = await fetch(`${stack.baseURL}/models/local:nope`);
    expect(model.status).toBe(404);
    expect(((await model.json()) as { error: { code: string } }).error.code).toBe('model_not_found');
  });

  it('answers 503 service_unavailable when no router is running', async () => {
    stack.router.process.kill('SIGTERM');
    await new Promise((resolve) => stack.router.process.once('exit', resolve));
    const res = await fetch(`${stack.baseURL}/chat/completions`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: msg() });
    expect(res.status).toBe(503);
    const body = (await res.json()) as { error: { code: string } };
    expect(body.error.code).toBe('service_unavailable');
  });
});
