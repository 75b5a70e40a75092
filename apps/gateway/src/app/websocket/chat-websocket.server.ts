import type { IncomingMessage, Server } from 'node:http';
import type { Duplex } from 'node:stream';
import { Inject, Injectable, type BeforeApplicationShutdown } from '@nestjs/common';
import type { SwitchyardConfig } from '@switchyard/config';
import { HEADERS } from '@switchyard/contracts';
import type { Logger, RequestTrace } from '@switchyard/observability';
import { Drain } from '@switchyard/runtime';
import { WebSocketServer, type WebSocket } from 'ws';
import { GATEWAY_CONFIG, LOGGER } from '../gateway.constants';
import { OpenAIHttpException } from '../http/openai-http.exception';
import { resolveTraceparent } from '../http/request-id';
import { policyFromHeader, resumeFromHeader } from '../http/routing-headers';
import { InferenceClient } from '../inference/inference.client';
import { ApiKeyAuthService, type Principal } from '../auth/api-key-auth.service';
import { modelNotAllowedError } from '../auth/auth-errors';
import { RateLimitService } from '../rate-limit/rate-limit.service';
import type { UsageFacts } from '../usage/usage-observer';
import { keyIdOf, UsageRecorder, type UsageRecording } from '../usage/usage-recorder';
import { ChatSocket, type SocketAccess } from './chat-socket';

/** Paths that accept a WebSocket upgrade: the chat completions route, with or without `/v1`. */
const PATHS = new Set(['/v1/chat/completions', '/chat/completions']);
/** Requests running at once on one socket. */
const MAX_CONCURRENT_PER_SOCKET = 16;

/** Refuses an upgrade with a plain HTTP answer carrying an OpenAI error body. */
function refuse(socket: Duplex, status: number, reason: string, body: unknown): void {
  const json = JSON.stringify(body);
  socket.end(`HTTP/1.1 ${status} ${reason}\r\nContent-Type: application/json\r\nContent-Length: ${Buffer.byteLength(json)}\r\nConnection: close\r\n\r\n${json}`);
}

/**
 * WebSocket streaming on `/v1/chat/completions`: the gateway's HTTP server hands upgrades on that path
 * to this server; each connection becomes a `ChatSocket`. Other paths are refused with 404.
 */
@Injectable()
export class ChatWebSocketServer implements BeforeApplicationShutdown {
  private readonly wss: WebSocketServer;
  private readonly resume: SwitchyardConfig['gateway']['resume'];
  private readonly sockets = new Set<ChatSocket>();

  constructor(
    private readonly inference: InferenceClient,
    private readonly auth: ApiKeyAuthService,
    private readonly limits: RateLimitService,
    private readonly usage: UsageRecorder,
    private readonly drain: Drain,
    @Inject(GATEWAY_CONFIG) config: SwitchyardConfig['gateway'],
    @Inject(LOGGER) private readonly logger: Logger,
  ) {
    this.wss = new WebSocketServer({ noServer: true, maxPayload: config.bodyLimitBytes });
    this.resume = config.resume;
  }

  /** Starts taking upgrades on the gateway's HTTP server. */
  attach(server: Server): void {
    server.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => this.onUpgrade(req, socket, head));
  }

  /** Open sockets (for tests and status). */
  get connections(): number {
    return this.sockets.size;
  }

  /**
   * Runs once the drain is over (every request on every socket has finished or been cut): the sockets
   * close with 1001 so that the HTTP server, which waits for them, can close too.
   */
  beforeApplicationShutdown(): void {
    for (const client of this.wss.clients) client.close(1001, 'server shutting down');
    this.wss.close();
  }

  /** Model checks and rate limits for the requests of one socket, as the HTTP guard applies them. */
  private accessFor(principal: Principal): SocketAccess {
    return {
      admit: async (body) => {
        if (!this.auth.mayUse(principal, body.model)) return { error: modelNotAllowedError(body.model).error };
        if (principal.kind !== 'key') return {};
        const admission = await this.limits.admit(principal.key, body);
        if (admission.error) return { error: admission.error };
        const reservation = admission.reservation;
        return reservation ? { reconcile: (tokens) => this.limits.reconcileReservation(reservation, tokens) } : {};
      },
    };
  }

  private onUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer): void {
    const path = (req.url ?? '').split('?')[0];
    if (!PATHS.has(path)) {
      refuse(socket, 404, 'Not Found', { error: { message: `Unknown request URL: GET ${path}.`, type: 'invalid_request_error', param: null, code: 'not_found' } });
      return;
    }
    let policy;
    let resume: boolean;
    let principal: Principal;
    try {
      principal = this.auth.authenticate(req.headers);
      policy = policyFromHeader(req.headers[HEADERS.policy]);
      resume = resumeFromHeader(req.headers[HEADERS.resume]);
    } catch (error) {
      if (!(error instanceof OpenAIHttpException)) throw error;
      refuse(socket, error.error.status, error.error.status === 401 ? 'Unauthorized' : 'Bad Request', error.error.body);
      return;
    }
    const access = this.accessFor(principal);
    const traceparent = resolveTraceparent(req.headers[HEADERS.traceparent]);
    const keyId = keyIdOf(principal);
    const usage = (facts: Omit<UsageFacts, 'keyId'>, trace: RequestTrace): UsageRecording => this.usage.begin({ ...facts, keyId }, trace);
    this.wss.handleUpgrade(req, socket, head, (ws: WebSocket) => {
      const chat = new ChatSocket(ws, this.inference, this.logger, {
        maxConcurrent: MAX_CONCURRENT_PER_SOCKET,
        policy,
        traceparent,
        maxResumes: resume && this.resume.enabled ? this.resume.maxResumes : undefined,
        access,
        usage,
        hold: () => this.drain.enter(),
      });
      this.sockets.add(chat);
      ws.on('close', () => this.sockets.delete(chat));
    });
  }
}
