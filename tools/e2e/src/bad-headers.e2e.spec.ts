import { gzipSync } from 'node:zlib';
import { testModelsDir } from '@switchyard/testing';
import { sendRaw, type WireResponse } from './send-raw';
import { startStack, type Stack } from './stack';

const BODY = JSON.stringify({ model: 'local:stories260k', messages: [{ role: 'user', content: 'Hi' }], max_tokens: 2 });

/** A POST to the chat route with `headers` (lines, without CRLF) and `body`, bytes exactly as written. */
function post(headers: string[], body: Buffer | string = BODY, { length = true } = {}): Buffer {
  const bytes = typeof body === 'string' ? Buffer.from(body) : body;
  const lines = ['POST /v1/chat/completions HTTP/1.1', 'host: gateway', ...headers, ...(length ? [`content-length: ${bytes.length}`] : []), 'connection: close'];
  return Buffer.concat([Buffer.from(`${lines.join('\r\n')}\r\n\r\n`), bytes]);
}

function errorOf(res: WireResponse): { message: string; type: string; param: string | null; code: string | null } {
  const { error } = JSON.parse(res.body) as { error: { message: string; type: string; param: string | null; code: string | null } };
  expect(typeof error.message).toBe('string');
  expect(typeof error.type).toBe('string');
  expect(error.param === null || typeof error.param === 'string').toBe(true);
  expect(error.code === null || typeof error.code === 'string').toBe(true);
  return error;
}

const header = (res: WireResponse, name: string): string[] => res.headers.filter(([n]) => n === name).map(([, v]) => v);

describe('bad headers get an OpenAI-shaped error (or are served), never a crash, a hang or a reflection', () => {
  let stack: Stack;
  let gateway: string;

  beforeAll(async () => {
    stack = await startStack({ modelsDir: testModelsDir() });
    gateway = stack.baseURL.replace(/\/v1$/, '');
  }, 120_000);

  afterAll(async () => {
    await stack?.stop();
  });

  it('headers over the size limit: 431', async () => {
    const res = await sendRaw(gateway, post(['content-type: application/json', `x-padding: ${'a'.repeat(20_000)}`]));
    expect(res.status).toBe(431);
    expect(errorOf(res).code).toBe('request_headers_too_large');
    expect(res.body).not.toContain('aaaa');
  });

  it.each([
    ['a bare CR inside a header value', 'x-test: a\rb'],
    ['a header name with a space', 'x bad: 1'],
    ['a header line without a colon', 'just-a-line'],
  ])('%s: 400', async (_name, line) => {
    const res = await sendRaw(gateway, post(['content-type: application/json', line]));
    expect(res.status).toBe(400);
    expect(errorOf(res).type).toBe('invalid_request_error');
  });

  it('both content-length and transfer-encoding (request smuggling): 400', async () => {
    const res = await sendRaw(gateway, post(['content-type: application/json', 'transfer-encoding: chunked'], `${BODY.length.toString(16)}\r\n${BODY}\r\n0\r\n\r\n`));
    expect(res.status).toBe(400);
    errorOf(res);
  });

  it('not HTTP at all: 400', async () => {
    const res = await sendRaw(gateway, 'HELLO THERE\r\n\r\n');
    expect(res.status).toBe(400);
    errorOf(res);
  });

  it('a CRLF-injection attempt in x-request-id is not reflected', async () => {
    const res = await sendRaw(gateway, post(['content-type: application/json', 'x-request-id: abc%0d%0aset-cookie:%20pwned=1', 'x-request-id: second']));
    expect(res.status).toBe(200);
    expect(header(res, 'set-cookie')).toEqual([]);
    const [id] = header(res, 'x-request-id');
    expect(id).toMatch(/^req_[A-Za-z0-9]+$/);
  });

  it('two Authorization headers do not break the request (the open gateway serves it)', async () => {
    const res = await sendRaw(gateway, post(['content-type: application/json', 'authorization: Bearer one', 'authorization: Bearer two']));
    expect(res.status).toBe(200);
    expect(JSON.parse(res.body)).toMatchObject({ object: 'chat.completion' });
  });

  it.each([
    ['application/json; charset=utf-8', 200],
    ['application/json;charset=UTF-8', 200],
    ['Application/JSON', 200],
    ['text/plain', 415],
    ['application/x-www-form-urlencoded', 415],
    ['multipart/form-data; boundary=xyz', 415],
    ['application/xml', 415],
  ])('content-type %s: %i', async (type, status) => {
    const res = await sendRaw(gateway, post([`content-type: ${type}`]));
    expect(res.status).toBe(status);
    if (status !== 200) expect(errorOf(res).code).toBe('unsupported_media_type');
  });

  it('no content-type at all: 415', async () => {
    const res = await sendRaw(gateway, post([]));
    expect(res.status).toBe(415);
    errorOf(res);
  });

  it('a gzip bomb is refused without being inflated', async () => {
    const bomb = gzipSync(Buffer.alloc(64 * 1024 * 1024)); // 64 MiB of zeros in about 64 KiB
    const started = Date.now();
    const res = await sendRaw(gateway, post(['content-type: application/json', 'content-encoding: gzip'], bomb));
    expect(res.status).toBe(415);
    expect(errorOf(res).message).toMatch(/content-encoding/i);
    expect(Date.now() - started).toBeLessThan(5_000);
  });

  it('a body that is not UTF-8: 400 invalid_json, saying so', async () => {
    const bad = Buffer.concat([Buffer.from(BODY.slice(0, 40)), Buffer.from([0xff, 0xfe, 0xc3, 0x28]), Buffer.from(BODY.slice(40))]);
    const res = await sendRaw(gateway, post(['content-type: application/json'], bad));
    expect(res.status).toBe(400);
    expect(errorOf(res)).toMatchObject({ code: 'invalid_json', message: 'The request body is not valid UTF-8.' });
  });

  it('keeps serving afterwards', async () => {
    const res = await sendRaw(gateway, post(['content-type: application/json']));
    expect(res.status).toBe(200);
  });
});
