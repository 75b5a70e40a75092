import { EventEmitter } from 'node:events';
import type { ServerResponse } from 'node:http';
import { Writable } from 'node:stream';
import { KvRateLimiter, openLimitsBucket, type KeyRecord } from '@switchyard/keys';
import type { Logger } from '@switchyard/observability';
import { startTestNats, waitFor, type TestNats } from '@switchyard/testing';
import type { FastifyRequest } from 'fastify';
import { connect, type NatsConnection } from 'nats';
import pino from 'pino';
import type { AccessSettings } from '../auth/access-settings';
import { RateLimitService } from './rate-limit.service';

const KEY: KeyRecord = {
  id: 'key_AAAAAAAAAAAAAAAA',
  name: 'team-a',
  hash: 'a'.repeat(64),
  prefix: 'sk-sy-AAAA',
  createdAt: '2025-01-01T00:00:00.000Z',
  limits: { rpm: 100, tpm: 10_000, rpd: 1_000 },
  models: [],
};
const BODY = { model: 'x', messages: [{ role: 'user', content: 'abcd' }], max_tokens: 100 };

function settings(failMode: 'open' | 'closed'): AccessSettings {
  return {
    nats: { url: '' },
    keysBucket: '',
    rateLimitBucket: '',
    kvReplicas: 1,
    allowOpen: false,
    production: false,
    rateLimitFailMode: failMode,
    defaultCompletionTokens: 256,
  };
}

function capturingLogger(): { logger: Logger; lines: string[] } {
  const lines: string[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _encoding, done): void {
      lines.push(chunk.toString());
      done();
    },
  });
  return { logger: pino({ level: 'info' }, stream), lines };
}

/** Just enough of a response for `hold`: a status and a `close` event. */
function fakeResponse(statusCode: number): ServerResponse {
  return Object.assign(new EventEmitter(), { statusCode }) as unknown as ServerResponse;
}

describe('RateLimitService', () => {
  let nats: TestNats;
  let nc: NatsConnection;
  const bucket = `test_gw_rls_${process.pid}_${Date.now().toString(36)}`;
  let limiter: KvRateLimiter;
  let keyNumber = 0;
  const nextKey = (): KeyRecord => ({ ...KEY, id: `key_RLS${String(++keyNumber).padStart(13, '0')}` });

  beforeAll(async () => {
    nats = await startTestNats();
    nc = await connect({ servers: nats.url });
    limiter = new KvRateLimiter(await openLimitsBucket(nc, { bucket }));
  });

  afterAll(async () => {
    const jsm = await nc.jetstreamManager();
    await jsm.streams.delete(`KV_${bucket}`).catch(() => undefined);
    await nc.close();
    await nats.stop();
  });

  function service(failMode: 'open' | 'closed' = 'open', logger: Logger = capturingLogger().logger, which: KvRateLimiter = limiter): RateLimitService {
    return new RateLimitService({ limiter: which, close: async () => undefined }, settings(failMode), logger);
  }

  it('reserves the estimate and reports it in the headers', async () => {
    const key = nextKey();
    const admission = await service().admit(key, BODY);
    expect(admission.error).toBeUndefined();
    expect(admission.reservation).toMatchObject({ keyId: key.id, tokens: 2 + 100 });
    expect(admission.headers['x-ratelimit-remaining-tokens']).toBe(String(10_000 - 102));
  });

  it('reconciles a held request with its real usage, only once', async () => {
    const key = nextKey();
    const limits = service();
    const admission = await limits.admit(key, BODY);
    const req = {} as FastifyRequest;
    limits.hold(req, fakeResponse(200), admission.reservation as NonNullable<typeof admission.reservation>);
    await limits.reconcile(req, 10);
    expect((await limiter.peek(key.id))?.minute.tokens).toBe(10);
    await limits.reconcile(req, 5_000);
    expect((await limiter.peek(key.id))?.minute.tokens).toBe(10);
  });

  it.each<[string, number, number]>([
    ['gives a failed request’s tokens back', 503, 0],
    ['keeps the estimate of a successful request that reported no usage', 200, 102],
  ])('%s when the response closes', async (_name, status, tokens) => {
    const key = nextKey();
    const limits = service();
    const admission = await limits.admit(key, BODY);
    const res = fakeResponse(status);
    limits.hold({} as FastifyRequest, res, admission.reservation as NonNullable<typeof admission.reservation>);
    res.emit('close');
    await waitFor(async () => (await limiter.peek(key.id))?.minute.tokens === tokens, 1_000, `${tokens} tokens counted`);
  });

  describe('when the counters cannot be reached', () => {
    let broken: KvRateLimiter;

    beforeAll(async () => {
      const lost = await connect({ servers: nats.url });
      broken = new KvRateLimiter(await openLimitsBucket(lost, { bucket }));
      await lost.close();
    });

    it('fail-open: lets the request through unlimited, without headers, and warns once', async () => {
      const { logger, lines } = capturingLogger();
      const limits = service('open', logger, broken);
      expect(await limits.admit(nextKey(), BODY)).toEqual({ headers: {} });
      expect(await limits.admit(nextKey(), BODY)).toEqual({ headers: {} });
      expect(lines.filter((line) => line.includes('rate-limit counters unavailable'))).toHaveLength(1);
    });

    it('fail-closed: answers 503', async () => {
      const admission = await service('closed', capturingLogger().logger, broken).admit(nextKey(), BODY);
      expect(admission.reservation).toBeUndefined();
      expect(admission.error).toEqual({
        status: 503,
        body: { error: { message: 'Rate limits cannot be checked right now; please retry shortly.', type: 'service_unavailable', param: null, code: 'service_unavailable' } },
      });
    });
  });
});
