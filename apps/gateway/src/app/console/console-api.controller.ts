import { Body, Controller, Delete, Get, Headers, HttpCode, Inject, Param, Post, Query, Res } from '@nestjs/common';
import {
  PATTERNS,
  UsageQuerySchema,
  UsageReplySchema,
  type BackendsView,
  type ConsoleKeyList,
  type ConsoleSession,
  type CreatedConsoleKey,
  type Overview,
  type RevokedConsoleKey,
  type RouteList,
  type UsageReply,
} from '@switchyard/contracts';
import type { KeyStore } from '@switchyard/keys';
import { BUS_CLIENT, BusRecord, decodeJson, encodeJson, type BusClient } from '@switchyard/nats';
import type { AdminToken } from '@switchyard/runtime';
import type { FastifyReply } from 'fastify';
import { firstValueFrom } from 'rxjs';
import { KEY_BACKEND } from '../auth/auth.constants';
import type { KeyBackend } from '../auth/key-backend';
import { busFailureToPart } from '../http/bus-failure';
import { OpenAIHttpException } from '../http/openai-http.exception';
import { CONSOLE_ADMIN } from './console.constants';
import { ConsoleFeed } from './console-feed';
import { badKeyBody, consoleKeyOf, CreateConsoleKeySchema, keyStoreFailure } from './console-keys';

/** How long a router or the metrics service may take to answer the console. */
const BUS_TIMEOUT_MS = 3_000;
const EMPTY = new Uint8Array(0);

/**
 * The console's API (`/console/api`, see `CONSOLE_API_PATH`): the session check, the fleet as a router sees it, the
 * latest requests and the overview from the events stream, usage from the metrics service, and the keys. Every route
 * asks for the admin token first. The live feed is `ConsoleFeedController`.
 */
@Controller('console/api')
export class ConsoleApiController {
  constructor(
    @Inject(CONSOLE_ADMIN) private readonly admin: AdminToken,
    @Inject(BUS_CLIENT) private readonly bus: BusClient,
    @Inject(KEY_BACKEND) private readonly keys: KeyBackend,
    private readonly feed: ConsoleFeed,
  ) {}

  @Get('session')
  session(@Headers('authorization') authorization: string | undefined): ConsoleSession {
    this.authorise(authorization);
    return { object: 'console.session', gatewayId: `gateway-${process.pid}`, keysEnabled: (this.keys.directory?.size ?? 0) > 0, apiBase: '/v1' };
  }

  @Get('backends')
  async backends(@Headers('authorization') authorization: string | undefined): Promise<BackendsView> {
    this.authorise(authorization);
    const reply = await this.ask(PATTERNS.routerWorkers, EMPTY, 'No router answered');
    return JSON.parse(new TextDecoder().decode(reply)) as BackendsView;
  }

  @Get('routes')
  routes(@Headers('authorization') authorization: string | undefined, @Query('limit') limit: string | undefined): RouteList {
    this.authorise(authorization);
    return { object: 'list', data: this.feed.log.latest(parseLimit(limit)) };
  }

  @Get('overview')
  overview(@Headers('authorization') authorization: string | undefined): Overview {
    this.authorise(authorization);
    return this.feed.log.overview(Date.now());
  }

  /** Usage per day and model, answered by the metrics service (the body and status `GET /v1/usage` would give). */
  @Get('usage')
  async usage(@Headers('authorization') authorization: string | undefined, @Query() query: Record<string, unknown>, @Res({ passthrough: true }) res: FastifyReply): Promise<UsageReply['body']> {
    this.authorise(authorization);
    const parsed = UsageQuerySchema.strict().safeParse(query);
    if (!parsed.success) throw OpenAIHttpException.of('invalid_request', 'The usage query takes key, from and to (YYYY-MM-DD), each at most once.');
    const reply = decodeJson(await this.ask(PATTERNS.metricsUsage, encodeJson(parsed.data), 'The metrics service did not answer'), UsageReplySchema);
    res.status(reply.status);
    return reply.body;
  }

  @Get('keys')
  async listKeys(@Headers('authorization') authorization: string | undefined): Promise<ConsoleKeyList> {
    const store = this.keyStore(authorization);
    const records = await store.list().catch((error: unknown) => Promise.reject(keyStoreFailure(error)));
    return { object: 'list', data: records.map(consoleKeyOf) };
  }

  @Post('keys')
  @HttpCode(201)
  async createKey(@Headers('authorization') authorization: string | undefined, @Body() body: unknown): Promise<CreatedConsoleKey> {
    const store = this.keyStore(authorization);
    const parsed = CreateConsoleKeySchema.safeParse(body);
    if (!parsed.success) throw badKeyBody(parsed.error);
    const { key, record } = await store.create(parsed.data).catch((error: unknown) => Promise.reject(keyStoreFailure(error)));
    return { key, record: consoleKeyOf(record) };
  }

  @Delete('keys/:idOrName')
  async revokeKey(@Headers('authorization') authorization: string | undefined, @Param('idOrName') idOrName: string): Promise<RevokedConsoleKey> {
    const store = this.keyStore(authorization);
    const { record, alreadyRevoked } = await store.revoke(idOrName).catch((error: unknown) => Promise.reject(keyStoreFailure(error)));
    return { record: consoleKeyOf(record), alreadyRevoked };
  }

  private authorise(authorization: string | undefined): void {
    const denied = this.admin.check(authorization);
    if (denied) throw new OpenAIHttpException(denied);
  }

  private keyStore(authorization: string | undefined): KeyStore {
    this.authorise(authorization);
    if (!this.keys.store) throw OpenAIHttpException.of('service_unavailable', 'API keys are unavailable: the gateway could not open the keys bucket when it started (is JetStream enabled?).');
    return this.keys.store;
  }

  private async ask(pattern: string, data: Uint8Array, silence: string): Promise<Uint8Array> {
    try {
      return await firstValueFrom(this.bus.send<Uint8Array>(pattern, new BusRecord(data, { timeoutMs: BUS_TIMEOUT_MS })));
    } catch (error) {
      const part = busFailureToPart(error);
      throw OpenAIHttpException.of('service_unavailable', `${silence}: ${part.message}`);
    }
  }
}

/** `limit` of the routes list: 1–500, 200 when absent. */
function parseLimit(raw: string | undefined): number {
  if (raw === undefined) return 200;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 1 || value > 500) throw OpenAIHttpException.of('invalid_request', 'limit must be a whole number from 1 to 500.', 'limit');
  return value;
}
