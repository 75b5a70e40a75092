import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import fastifyStatic from '@fastify/static';
import type { SwitchyardConfig } from '@switchyard/config';
import type { FastifyInstance } from 'fastify';
import { consoleOffPage } from './console-page';

/** Only the console's own files, styles inline (the charts set them), and calls to this origin. */
const CONTENT_SECURITY_POLICY = "default-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; connect-src 'self'; frame-ancestors 'none'";

/** Where the built console is: `gateway.consoleDir`, else `console` beside the folder of the gateway's bundle (`dist/apps/console`). */
export function consoleDir(config: Pick<SwitchyardConfig['gateway'], 'consoleDir'>, bundleDir: string = __dirname): string {
  return resolve(config.consoleDir ?? join(bundleDir, '..', 'console'));
}

/**
 * Serves the console's single page and its assets at `/console/`. With no admin token, or no built assets, every
 * `/console` page says what to do instead.
 */
export async function serveConsole(fastify: FastifyInstance, config: Pick<SwitchyardConfig['gateway'], 'adminToken' | 'consoleDir'>): Promise<void> {
  const dir = consoleDir(config);
  const off = config.adminToken === undefined ? 'no-token' : existsSync(join(dir, 'index.html')) ? undefined : 'no-assets';
  if (off !== undefined) {
    const page = consoleOffPage(off, dir);
    fastify.get('/console', (_req, reply) => reply.type('text/html; charset=utf-8').send(page));
    fastify.get('/console/*', (req, reply) => (req.url.startsWith('/console/api/') ? reply.callNotFound() : reply.type('text/html; charset=utf-8').send(page)));
    return;
  }
  fastify.get('/console', (_req, reply) => reply.redirect('/console/', 301));
  await fastify.register(fastifyStatic, {
    root: dir,
    prefix: '/console/',
    index: 'index.html',
    setHeaders: (res) => res.header('content-security-policy', CONTENT_SECURITY_POLICY),
  });
}
