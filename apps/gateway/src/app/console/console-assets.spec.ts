import { mkdtempSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Fastify, { type FastifyInstance } from 'fastify';
import { consoleDir, serveConsole } from './console-assets';

const TOKEN = 'c'.repeat(32);

describe('serveConsole', () => {
  let dir: string;
  let fastify: FastifyInstance;

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'console-assets-'));
    fastify = Fastify();
  });

  afterEach(async () => {
    await fastify.close();
    rmSync(dir, { recursive: true, force: true });
  });

  function build(withIndex: boolean): void {
    mkdirSync(join(dir, 'assets'));
    if (withIndex) writeFileSync(join(dir, 'index.html'), '<!doctype html><div id="root"></div>');
    writeFileSync(join(dir, 'assets', 'app.js'), 'console.log(1)');
  }

  it('finds the built console beside the gateway bundle unless configured', () => {
    expect(consoleDir({}, '/srv/dist/apps/gateway')).toBe('/srv/dist/apps/console');
    expect(consoleDir({ consoleDir: '/opt/console' }, '/srv/dist/apps/gateway')).toBe('/opt/console');
  });

  it('serves the page and its assets at /console/, with a content security policy, when a token is set', async () => {
    build(true);
    await serveConsole(fastify, { adminToken: TOKEN, consoleDir: dir });
    const redirect = await fastify.inject({ url: '/console' });
    expect(redirect.statusCode).toBe(301);
    expect(redirect.headers.location).toBe('/console/');
    const page = await fastify.inject({ url: '/console/' });
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('<div id="root">');
    expect(page.headers['content-security-policy']).toContain("default-src 'self'");
    const script = await fastify.inject({ url: '/console/assets/app.js' });
    expect(script.statusCode).toBe(200);
    expect(script.headers['content-type']).toContain('javascript');
    expect((await fastify.inject({ url: '/console/assets/missing.js' })).statusCode).toBe(404);
  });

  it('says how to turn it on when no admin token is configured, on every console page but the API', async () => {
    build(true);
    await serveConsole(fastify, { consoleDir: dir });
    for (const url of ['/console', '/console/', '/console/index.html']) {
      const page = await fastify.inject({ url });
      expect(page.statusCode).toBe(200);
      expect(page.headers['content-type']).toContain('text/html');
      expect(page.body).toContain('SWITCHYARD_GATEWAY__ADMIN_TOKEN');
      expect(page.body).not.toContain('<div id="root">');
    }
    expect((await fastify.inject({ url: '/console/api/nothing' })).statusCode).toBe(404);
  });

  it('says how to build it when its files are missing', async () => {
    await serveConsole(fastify, { adminToken: TOKEN, consoleDir: dir });
    const page = await fastify.inject({ url: '/console/' });
    expect(page.body).toContain('nx run console:build');
    expect(page.body).toContain(dir);
    expect(page.body).not.toContain(TOKEN);
  });
});
