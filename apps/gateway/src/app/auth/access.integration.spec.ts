import 'reflect-metadata';
import { Writable } from 'node:stream';
import { Body, Controller, Get, HttpCode, Module, Param, Post, Req, Res, UseInterceptors, type DynamicModule } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import { ConfigSchema } from '@switchyard/config';
import { KeyStore, KvRateLimiter, openKeysBucket, openLimitsBucket, type CreateKeyInput } from '@switchyard/keys';
import { REDACTED_PATHS, type Logger } from '@switchyard/observability';
import { startTestNats, waitFor, type TestNats } from '@switchyard/testing';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { connect, type NatsConnection } from 'nats';
import pino from 'pino';
import { OpenAIExceptionFilter } from '../http/openai-exception.filter';
import { RateLimitService } from '../rate-limit/rate-limit.service';
import { AccessModule } from './access.module';
import { ModelListInterceptor } from './model-list.interceptor';
import { MODEL_ROUTES } from '../models/models.controller';

/** Stands in for the real controllers: a chat route that reports usage, and the model routes. */
@Controller()
class FakeApiController {
  constructor(private readonly limits: RateLimitService) {}

  @Post(['v1/chat/completions', 'chat/completions'])
  @HttpCode(200)
  async chat(@Body() body: { fail?: boolean; usage?: number }, @Req() req: FastifyRequest, @Res() reply: FastifyReply): Promise<void> {
    if (body.fail) {
      reply.status(503).send({ error: { message: 'down', type: 'service_unavailable', param: null, code: 'service_unavailable' } });
      return;
    }
    if (body.usage !== undefined) await this.limits.reconcile(req, body.usage);
    reply.send({ ok: true });
  }

  @Get(['v1/models', 'models'])
  @UseInterceptors(ModelListInterceptor)
  list(): { object: 'list'; data: Array<{ id: string }> } {
    return { object: 'list', data: [{ id: 'local:stories260k' }, { id: 'openai:gpt-4o-mini' }, { id: 'anthropic:claude' }, { id: 'auto' }] };
  }

  @Get(MODEL_ROUTES)
  one(@Param('*') id: string): { id: string } {
    return { id };
  }

  @Get('health')
  health(): { status: 'ok' } {
    return { status: 'ok' };
  }
}

@Module({})
class TestAppModule {
  static register(config: ReturnType<typeof ConfigSchema.parse>, logger: Logger): DynamicModule {
    return { module: TestAppModule, imports: [AccessModule.register(config, logger)], controllers: [FakeApiController] };
  }
}

/** A logger whose lines the test can read. */
function capturingLogger(): { logger: Logger; lines: string[] } {
  const lines: string[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _encoding, done): void {
      lines.push(chunk.toString());
      done();
    },
  });
  return { logger: pino({ level: 'info', redact: { paths: REDACTED_PATHS, censor: '[redacted]' } }, stream), lines };
}

const CHAT = { model: 'local:stories260k', messages: [{ role: 'user', content: 'Hello' }], max_tokens: 10 };

describe('API keys and rate limits in the gateway (real NATS JetStream)', () => {
  let nats: TestNats;
  let admin: NatsConnection;
  let store: KeyStore;
  let counters: KvRateLimiter;
  let app: NestFastifyApplication;
  let lines: string[];
  const stamp = `${process.pid}_${Date.now().toString(36)}`;
  const keysBucket = `test_gw_keys_${stamp}`;
  const rateLimitBucket = `test_gw_limits_${stamp}`;

  async function startApp(overrides: Record<string, unknown> = {}): Promise<NestFastifyApplication> {
    const config = ConfigSchema.parse({ nats: { url: nats.url }, gateway: { keysBucket, rateLimitBucket, ...overrides } });
    const captured = capturingLogger();
    lines = captured.lines;
    const instance = await NestFactory.create<NestFastifyApplication>(TestAppModule.register(config, captured.logger), new FastifyAdapter(), { logger: false });
    instance.useGlobalFilters(new OpenAIExceptionFilter(captured.logger));
    await instance.init();
    await instance.getHttpAdapter().getInstance().ready();
    return instance;
  }

  function post(body: unknown, headers: Record<string, string> = {}, url = '/v1/chat/completions'): ReturnType<NestFastifyApplication['inject']> {
    return app.inject({ method: 'POST', url, headers: { 'content-type': 'application/json', ...headers }, payload: JSON.stringify(body) });
  }

  const bearer = (key: string): Record<string, string> => ({ authorization: `Bearer ${key}` });

  /** Creates a key and waits until the gateway knows it (probing with a GET, which no limit counts). */
  async function createKey(input: CreateKeyInput): Promise<string> {
    const { key } = await store.create(input);
    const probe = (): ReturnType<NestFastifyApplication['inject']> => app.inject({ method: 'GET', url: '/v1/models', headers: bearer(key) });
    // An open gateway lets the key through too: wait until the key works and the gateway is no longer open.
    const closed = async (): Promise<boolean> => (await app.inject({ method: 'GET', url: '/v1/models' })).statusCode === 401;
    await waitFor(async () => (await probe()).statusCode === 200 && (await closed()), 1_000, 'the key to reach the gateway');
    return key;
  }

  beforeAll(async () => {
    nats = await startTestNats();
    admin = await connect({ servers: nats.url });
    store = new KeyStore(await openKeysBucket(admin, { bucket: keysBucket }));
    counters = new KvRateLimiter(await openLimitsBucket(admin, { bucket: rateLimitBucket }));
    app = await startApp();
  });

  afterAll(async () => {
    await app.close();
    const jsm = await admin.jetstreamManager();
    for (const bucket of [keysBucket, rateLimitBucket]) await jsm.streams.delete(`KV_${bucket}`).catch(() => undefined);
    await admin.close();
    await nats.stop();
  });

  describe('with no key in the store', () => {
    it('runs open, says so loudly, and sends no rate-limit headers', async () => {
      expect(lines.join('')).toMatch(/"level":40.*NO API KEYS: the gateway is OPEN/);
      const response = await post(CHAT);
      expect(response.statusCode).toBe(200);
      expect(Object.keys(response.headers).filter((h) => h.toLowerCase().includes('ratelimit'))).toEqual([]);
      expect((await app.inject({ method: 'GET', url: '/v1/models' })).json().data).toHaveLength(4);
    });
  });

  describe('once a key exists', () => {
    let key: string;

    beforeAll(async () => {
      key = await createKey({ name: 'main', limits: { rpm: 1_000, tpm: 1_000_000, rpd: 10_000 } });
    });

    it.each<[string, Record<string, string>, RegExp]>([
      ['no key', {}, /^You didn't provide an API key\./],
      ['a wrong key', bearer(`sk-sy-${'x'.repeat(44)}abcd`), /^Incorrect API key provided: sk-sy-\*\*\*abcd\./],
      ['a key of another vendor', bearer('sk-proj-0123456789012345678901234567'), /^Incorrect API key provided: sk-pro\*\*\*4567\./],
      ['Basic auth', { authorization: 'Basic dXNlcjpwYXNz' }, /^You didn't provide an API key\./],
    ])('refuses %s with 401 invalid_api_key in OpenAI’s shape', async (_name, headers, message) => {
      const response = await post(CHAT, headers);
      expect(response.statusCode).toBe(401);
      expect(response.json()).toEqual({ error: { message: expect.stringMatching(message), type: 'invalid_request_error', param: null, code: 'invalid_api_key' } });
      expect(response.body).not.toContain('x'.repeat(44));
    });

    it('guards the model routes too, but not health', async () => {
      expect((await app.inject({ method: 'GET', url: '/v1/models' })).statusCode).toBe(401);
      expect((await app.inject({ method: 'GET', url: '/models' })).statusCode).toBe(401);
      expect((await app.inject({ method: 'GET', url: '/health' })).statusCode).toBe(200);
      expect((await app.inject({ method: 'GET', url: '/v1/models', headers: bearer(key) })).statusCode).toBe(200);
    });

    it('accepts the key as a Bearer token or in an api-key header, with rate-limit headers', async () => {
      const viaBearer = await post(CHAT, bearer(key));
      expect(viaBearer.statusCode).toBe(200);
      expect(viaBearer.headers).toMatchObject({
        'x-ratelimit-limit': '1000',
        'x-ratelimit-limit-requests': '1000',
        'x-ratelimit-limit-tokens': '1000000',
        'x-ratelimit-reset-requests': expect.stringMatching(/^(\d+(\.\d+)?s|\d+ms)$/),
      });
      expect((await post(CHAT, { 'api-key': key }, '/chat/completions')).statusCode).toBe(200);
    });

    it('refuses a revoked key within a second', async () => {
      const doomed = await createKey({ name: 'doomed' });
      await store.revoke('doomed');
      await waitFor(async () => (await post(CHAT, bearer(doomed))).statusCode === 401, 1_000, 'the revocation');
      expect((await post(CHAT, bearer(doomed))).json().error.message).toMatch(/^Incorrect API key provided/);
    });

    it('never logs a key', () => {
      expect(lines.join('')).not.toContain(key);
    });
  });

  describe('a key restricted to some models', () => {
    let key: string;

    beforeAll(async () => {
      key = await createKey({ name: 'restricted', models: ['local:stories260k', 'openai:*'] });
    });

    it.each([['local:stories260k'], ['openai:gpt-4o']])('may use %s', async (model) => {
      expect((await post({ ...CHAT, model }, bearer(key))).statusCode).toBe(200);
    });

    it.each([['auto'], ['anthropic:claude'], ['local:tinyllama']])('gets 404 model_not_found for %s, as OpenAI answers', async (model) => {
      const response = await post({ ...CHAT, model }, bearer(key));
      expect(response.statusCode).toBe(404);
      expect(response.json()).toEqual({
        error: { message: `The model '${model}' does not exist or you do not have access to it.`, type: 'invalid_request_error', param: 'model', code: 'model_not_found' },
      });
    });

    it('sees only its models in /v1/models', async () => {
      const list = (await app.inject({ method: 'GET', url: '/v1/models', headers: bearer(key) })).json() as { data: Array<{ id: string }> };
      expect(list.data.map((m) => m.id)).toEqual(['local:stories260k', 'openai:gpt-4o-mini']);
      expect((await app.inject({ method: 'GET', url: '/v1/models/anthropic:claude', headers: bearer(key) })).statusCode).toBe(404);
      expect((await app.inject({ method: 'GET', url: '/v1/models/openai:gpt-4o', headers: bearer(key) })).statusCode).toBe(200);
      expect((await app.inject({ method: 'GET', url: '/v1/models/openai:org/tuned', headers: bearer(key) })).json()).toEqual({ id: 'openai:org/tuned' });
    });
  });

  describe('rate limits', () => {
    // The windows are fixed minutes of the real clock: start each test well inside one.
    beforeEach(async () => {
      const left = 60_000 - (Date.now() % 60_000);
      if (left < 3_000) await new Promise((resolve) => setTimeout(resolve, left + 50));
    });

    it('answers 429 over the requests per minute, with Retry-After and the headers', async () => {
      const key = await createKey({ name: 'rpm', limits: { rpm: 3 } });
      const remaining: unknown[] = [];
      for (let i = 0; i < 3; i++) {
        const ok = await post(CHAT, bearer(key));
        expect(ok.statusCode).toBe(200);
        remaining.push(ok.headers['x-ratelimit-remaining-requests']);
      }
      expect(remaining).toEqual(['2', '1', '0']);
      const refused = await post(CHAT, bearer(key));
      expect(refused.statusCode).toBe(429);
      expect(refused.json()).toEqual({
        error: {
          message: expect.stringMatching(/^Rate limit reached for key 'rpm' on requests per min \(RPM\): Limit 3, Used 3, Requested 1\. Please try again in [\d.]+m?s\.$/),
          type: 'requests',
          param: null,
          code: 'rate_limit_exceeded',
        },
      });
      const retryAfter = Number(refused.headers['retry-after']);
      expect(retryAfter).toBeGreaterThanOrEqual(1);
      expect(retryAfter).toBeLessThanOrEqual(60);
      expect(refused.headers).toMatchObject({ 'x-ratelimit-limit': '3', 'x-ratelimit-remaining': '0', 'x-ratelimit-remaining-requests': '0' });
      // X-RateLimit-Reset is the Unix time of the window's end: retry-after seconds from now (give or take the rounding).
      const resetIn = Number(refused.headers['x-ratelimit-reset']) - Date.now() / 1_000;
      expect(resetIn).toBeGreaterThan(retryAfter - 2);
      expect(resetIn).toBeLessThanOrEqual(retryAfter + 1);
    });

    it('reserves the estimate, then reconciles it with the real usage', async () => {
      const key = await createKey({ name: 'tpm', limits: { tpm: 1_000 } });
      // While a request runs its estimate is reserved: "user" + "Hello" → 3 tokens, plus max_tokens.
      const first = await post({ ...CHAT, usage: 5 }, bearer(key));
      expect(first.headers['x-ratelimit-remaining-tokens']).toBe(String(1_000 - 13));
      const big = await post({ ...CHAT, max_tokens: 900, usage: 20 }, bearer(key));
      expect(big.headers['x-ratelimit-remaining-tokens']).toBe(String(1_000 - 5 - 903));
      const refused = await post({ ...CHAT, max_tokens: 980 }, bearer(key));
      expect(refused.statusCode).toBe(429);
      expect(refused.json().error).toMatchObject({ type: 'tokens', message: expect.stringContaining('tokens per min (TPM): Limit 1000, Used 25, Requested 983.') });
    });

    it('gives the tokens of a failed request back', async () => {
      const key = await createKey({ name: 'refund', limits: { tpm: 1_000 } });
      const id = (await store.list()).find((r) => r.name === 'refund')?.id ?? '';
      const failed = await post({ ...CHAT, fail: true, max_tokens: 500 }, bearer(key));
      expect(failed.statusCode).toBe(503);
      expect(failed.headers['x-ratelimit-remaining-tokens']).toBe(String(1_000 - 503));
      await waitFor(async () => (await counters.peek(id))?.minute.tokens === 0, 1_000, 'the refund');
      expect((await counters.peek(id))?.minute.requests).toBe(1);
    });
  });

  describe('the admin token (gateway.adminToken)', () => {
    const ADMIN = `admin-${'z'.repeat(40)}`;
    let withAdmin: NestFastifyApplication;

    beforeAll(async () => {
      await createKey({ name: 'before-admin' });
      withAdmin = await startApp({ adminToken: ADMIN });
    });

    afterAll(async () => {
      await withAdmin.close();
    });

    it('is a key without limits or model restrictions where it is configured', async () => {
      const answer = await withAdmin.inject({ method: 'POST', url: '/v1/chat/completions', headers: { 'content-type': 'application/json', ...bearer(ADMIN) }, payload: JSON.stringify({ ...CHAT, model: 'auto' }) });
      expect(answer.statusCode).toBe(200);
      expect(Object.keys(answer.headers).filter((h) => h.includes('ratelimit'))).toEqual([]);
      const models = await withAdmin.inject({ method: 'GET', url: '/v1/models', headers: { 'x-api-key': ADMIN } });
      expect(models.json().data).toHaveLength(4);
      expect((await withAdmin.inject({ method: 'GET', url: '/v1/models', headers: bearer(`${ADMIN}x`) })).statusCode).toBe(401);
    });

    it('is just a wrong key where it is not', async () => {
      const refused = await post(CHAT, bearer(ADMIN));
      expect(refused.statusCode).toBe(401);
      expect(refused.body).not.toContain(ADMIN);
    });
  });
});
