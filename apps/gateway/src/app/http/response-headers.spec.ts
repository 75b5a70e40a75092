import { Controller, Get, Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import Fastify, { type FastifyInstance } from 'fastify';
import { installRequestIdHook } from './request-id-hook';
import { configureCors, installSecurityHeaders } from './security-headers';

describe('headers on every response', () => {
  let fastify: FastifyInstance;

  beforeAll(async () => {
    fastify = Fastify();
    installRequestIdHook(fastify);
    installSecurityHeaders(fastify);
    fastify.get('/json', async (req) => ({ seen: req.headers['x-request-id'] }));
    fastify.get('/stream', (_req, reply) => {
      reply.hijack();
      reply.raw.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' });
      reply.raw.end('data: [DONE]\n\n');
    });
    fastify.get('/fail', async () => {
      throw new Error('boom');
    });
    await fastify.ready();
  });

  afterAll(() => fastify.close());

  it('assigns a request id, echoes it, and lets handlers read the same id', async () => {
    const response = await fastify.inject({ method: 'GET', url: '/json' });
    const id = response.headers['x-request-id'];
    expect(id).toMatch(/^req_[A-Za-z0-9]{24}$/);
    expect(response.json()).toEqual({ seen: id });
  });

  it("keeps a client's well-formed id and replaces a malformed one", async () => {
    expect((await fastify.inject({ method: 'GET', url: '/json', headers: { 'x-request-id': 'trace-42' } })).headers['x-request-id']).toBe('trace-42');
    const replaced = await fastify.inject({ method: 'GET', url: '/json', headers: { 'x-request-id': 'bad id\twith spaces' } });
    expect(replaced.headers['x-request-id']).toMatch(/^req_/);
  });

  it.each(['/json', '/stream', '/fail'])('puts the id and the security headers on %s', async (url) => {
    const response = await fastify.inject({ method: 'GET', url });
    expect(response.headers['x-request-id']).toMatch(/^req_/);
    expect(response.headers).toMatchObject({ 'x-content-type-options': 'nosniff', 'x-frame-options': 'DENY', 'referrer-policy': 'no-referrer' });
    expect(response.headers['cache-control']).toBe(url === '/stream' ? 'no-cache' : 'no-store');
  });
});

describe('CORS', () => {
  async function appWith(origins: string[]): Promise<NestFastifyApplication> {
    @Controller()
    class PingController {
      @Get('v1/ping')
      ping(): { ok: boolean } {
        return { ok: true };
      }
    }
    @Module({ controllers: [PingController] })
    class PingModule {}
    const app = await NestFactory.create<NestFastifyApplication>(PingModule, new FastifyAdapter(), { logger: false });
    configureCors(app, origins);
    await app.init();
    await app.getHttpAdapter().getInstance().ready();
    return app;
  }

  const preflight = { method: 'OPTIONS' as const, url: '/v1/ping', headers: { origin: 'https://app.example.com', 'access-control-request-method': 'POST' } };

  it('is off by default: no CORS headers for any origin', async () => {
    const app = await appWith([]);
    const response = await app.inject({ method: 'GET', url: '/v1/ping', headers: { origin: 'https://evil.example' } });
    expect(response.headers['access-control-allow-origin']).toBeUndefined();
    expect((await app.inject(preflight)).headers['access-control-allow-origin']).toBeUndefined();
    await app.close();
  });

  it('allows only the configured origins, and exposes the route and rate-limit headers', async () => {
    const app = await appWith(['https://app.example.com']);
    const allowed = await app.inject({ method: 'GET', url: '/v1/ping', headers: { origin: 'https://app.example.com' } });
    expect(allowed.headers['access-control-allow-origin']).toBe('https://app.example.com');
    expect(allowed.headers['access-control-expose-headers']).toContain('x-switchyard-route');
    const other = await app.inject({ method: 'GET', url: '/v1/ping', headers: { origin: 'https://evil.example' } });
    expect(other.headers['access-control-allow-origin']).toBeUndefined();
    const answer = await app.inject(preflight);
    expect(answer.headers['access-control-allow-headers']).toContain('authorization');
    await app.close();
  });
});
