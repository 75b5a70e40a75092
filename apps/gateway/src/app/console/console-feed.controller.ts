import { Controller, Get, Headers, Inject, Res, type BeforeApplicationShutdown } from '@nestjs/common';
import { SSE_HEADERS } from '@switchyard/openai';
import type { AdminToken } from '@switchyard/runtime';
import type { FastifyReply } from 'fastify';
import type { ServerResponse } from 'node:http';
import { OpenAIHttpException } from '../http/openai-http.exception';
import { CONSOLE_ADMIN } from './console.constants';
import { ConsoleFeed } from './console-feed';

/** A comment line this often keeps proxies and load balancers from closing a quiet feed. */
const PING_MS = 15_000;
/** A browser this far behind (bytes queued for it) is cut off; it reconnects and reads the lists afresh. */
const MAX_BACKLOG_BYTES = 4 * 1024 * 1024;

/** `GET /console/api/feed`: the console's live events as server-sent events (see `ConsoleFeedEvent`). */
@Controller('console/api')
export class ConsoleFeedController implements BeforeApplicationShutdown {
  private readonly open = new Set<ServerResponse>();

  constructor(
    @Inject(CONSOLE_ADMIN) private readonly admin: AdminToken,
    private readonly feed: ConsoleFeed,
  ) {}

  @Get('feed')
  follow(@Headers('authorization') authorization: string | undefined, @Res() reply: FastifyReply): void {
    const denied = this.admin.check(authorization);
    if (denied) throw new OpenAIHttpException(denied);
    reply.hijack();
    const res = reply.raw;
    res.writeHead(200, SSE_HEADERS);
    res.write(': switchyard console feed\n\n');
    this.open.add(res);
    const stop = this.feed.subscribe((event, json) => {
      if (res.writableLength > MAX_BACKLOG_BYTES) res.destroy();
      else res.write(`event: ${event}\ndata: ${json}\n\n`);
    });
    const ping = setInterval(() => res.write(': ping\n\n'), PING_MS);
    res.on('close', () => {
      stop();
      clearInterval(ping);
      this.open.delete(res);
    });
  }

  /** Ends every feed, so the gateway's HTTP server can close; browsers reconnect (to another replica). */
  beforeApplicationShutdown(): void {
    for (const res of this.open) res.end();
  }
}
