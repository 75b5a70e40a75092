import { HEADERS, type RoutingPolicy, type StreamPart } from '@switchyard/contracts';
import { requestLogger, type Logger, type RequestTrace } from '@switchyard/observability';
import {
  ChatCompletionRequestSchema,
  chatCompletionId,
  toHttpError,
  validate,
  type ChatCompletionRequest,
  type ErrorCode,
  type HttpError,
} from '@switchyard/openai';
import type { WebSocket } from 'ws';
import { ChunkEncoder } from '../chat/chunk-encoder';
import { CompletionAccumulator } from '../chat/completion-accumulator';
import { resolveRequestId } from '../http/request-id';
import { routeHeaders } from '../http/routing-headers';
import type { InferenceClient } from '../inference/inference.client';
import { CLIENT_CLOSED_STATUS, type UsageFacts } from '../usage/usage-observer';
import type { UsageRecording } from '../usage/usage-recorder';
import { ClientMessageSchema, type ServerMessage } from './socket-protocol';

/** What a request on the socket may do: model access and rate limits of the socket's key. */
export interface SocketAccess {
  /**
   * Checks the model and reserves rate-limit budget for one request; an HTTP error when refused, and a
   * `settle` to call with the tokens really used (0 for a request that failed) when admitted under limits.
   */
  admit(body: ChatCompletionRequest): Promise<{ error?: HttpError; settle?: (tokens: number) => Promise<void> }>;
}

/** Lets everything through (an open gateway). */
export const OPEN_ACCESS: SocketAccess = { admit: async () => ({}) };

/** Limits of one socket. */
export interface ChatSocketOptions {
  /** Requests running at once on one socket; more get an error. */
  maxConcurrent: number;
  /** The routing policy from the upgrade request's `x-switchyard-policy` header, if any. */
  policy?: RoutingPolicy;
  traceparent?: string;
  /** Model access and rate limits (the socket's key); open when absent. */
  access?: SocketAccess;
  /** Starts recording one request's usage (the socket's key fills in the key id); nothing is recorded when absent. */
  usage?: (facts: Omit<UsageFacts, 'keyId'>, trace: RequestTrace) => UsageRecording;
  /**
   * Counts one request as the process's running work until it has sent its last message (the gateway's drain: a
   * shutdown waits for it, including the usage store before `done`); returns the release.
   */
  hold?: () => () => void;
}

/**
 * One WebSocket connection carrying chat requests: each text message is a request (or a cancel);
 * replies are the same chunk objects SSE carries, wrapped with the request's id, then `done`. Several
 * requests may run at once; closing the socket cancels every one of them.
 */
export class ChatSocket {
  private readonly running = new Map<string, AbortController>();

  constructor(
    private readonly socket: WebSocket,
    private readonly inference: InferenceClient,
    private readonly logger: Logger,
    private readonly options: ChatSocketOptions,
  ) {
    socket.on('message', (data, isBinary) => this.onMessage(data.toString(), isBinary));
    socket.on('close', () => this.cancelAll());
    socket.on('error', () => this.cancelAll());
  }

  /** Requests running now. */
  get active(): number {
    return this.running.size;
  }

  cancelAll(): void {
    for (const controller of this.running.values()) controller.abort();
    this.running.clear();
  }

  private onMessage(text: string, isBinary: boolean): void {
    if (isBinary) return this.fail(null, 'invalid_request', 'Send requests as JSON text messages.', null);
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch {
      return this.fail(null, 'invalid_json', 'The message is not valid JSON.', null);
    }
    const message = ClientMessageSchema.safeParse(json);
    // A message that is not an envelope is taken as a bare chat request.
    const envelope = message.success ? message.data : { body: json };
    if ('type' in envelope && envelope.type === 'cancel') {
      this.running.get(envelope.id)?.abort();
      return;
    }
    const id = ('id' in envelope && envelope.id) || resolveRequestId(undefined);
    if (this.running.has(id)) return this.fail(id, 'invalid_request', `A request with id '${id}' is already running on this socket.`, 'id');
    if (this.running.size >= this.options.maxConcurrent) {
      return this.fail(id, 'rate_limit_exceeded', `At most ${this.options.maxConcurrent} requests may run at once on one socket.`, null);
    }
    const parsed = validate(ChatCompletionRequestSchema, envelope.body);
    if (!parsed.ok) return this.fail(id, 'invalid_request', parsed.problem.message, parsed.problem.param);
    const policy = ('policy' in envelope && envelope.policy) || this.options.policy;
    const controller = new AbortController();
    this.running.set(id, controller);
    const release = this.options.hold?.();
    void this.run(id, parsed.value, policy, controller).finally(() => {
      release?.();
      if (this.running.get(id) === controller) this.running.delete(id);
    });
  }

  private async run(id: string, body: ChatCompletionRequest, policy: RoutingPolicy | undefined, controller: AbortController): Promise<void> {
    const admission = await (this.options.access ?? OPEN_ACCESS).admit(body);
    if (admission.error) return this.send({ type: 'error', id, status: admission.error.status, error: admission.error.body.error });
    let used = 0;
    try {
      await this.generate(id, body, policy, controller, (tokens) => (used = tokens));
    } finally {
      await admission.settle?.(used);
    }
  }

  private async generate(
    id: string,
    body: ChatCompletionRequest,
    policy: RoutingPolicy | undefined,
    controller: AbortController,
    onUsage: (tokens: number) => void,
  ): Promise<void> {
    const requestId = resolveRequestId(undefined);
    const trace = { requestId, traceparent: this.options.traceparent };
    const streamed = body.stream !== false;
    const recording = this.options.usage?.({ requestId, kind: 'chat', requestedModel: body.model, streamed }, trace);
    const running = this.inference.run({ kind: 'chat', body }, { requestId, policy, traceparent: this.options.traceparent }, controller.signal);
    const parts = recording ? recording.observe(running) : running;
    const completionId = chatCompletionId();
    const created = Math.floor(Date.now() / 1000);
    const encoder = new ChunkEncoder(completionId, created, body.model, body.stream_options?.include_usage === true);
    const accumulator = new CompletionAccumulator(completionId, created, body.model);
    // The HTTP status this request would have had: 200 once a stream has started, else its error's.
    let status: number | undefined;
    let first = true;
    try {
      for await (const part of parts) {
        if (controller.signal.aborted) return;
        if (part.type === 'usage') onUsage(part.promptTokens + part.completionTokens);
        if (first) {
          first = false;
          if (part.type === 'error') {
            status = this.failPart(id, part);
            return;
          }
          const route = routeHeaders(part)[HEADERS.route];
          this.send({ type: 'started', id, request_id: requestId, ...(route ? { route } : {}) });
          if (streamed) status = 200;
        }
        if (!streamed) {
          accumulator.add(part);
          continue;
        }
        if (part.type === 'error') {
          this.failPart(id, part);
          return;
        }
        const value = encoder.valueFor(part);
        if (value !== undefined && 'object' in value) this.send({ type: 'chunk', id, data: value });
      }
      if (controller.signal.aborted) return;
      const result = streamed ? undefined : accumulator.result();
      if (result && !result.ok) {
        status = this.failPart(id, result.error);
        return;
      }
      status ??= 200;
      // Usage is stored before the answer's last message, as on HTTP: a gateway that dies after it loses none.
      await recording?.answered();
      if (result?.ok) this.send({ type: 'completion', id, data: result.body });
      this.send({ type: 'done', id });
    } catch (error) {
      requestLogger(this.logger, trace).warn({ err: error }, 'websocket request failed');
      this.fail(id, 'internal_error', 'The gateway failed to process the response.', null);
      status ??= toHttpError('internal_error', '').status;
    } finally {
      recording?.finish(status ?? CLIENT_CLOSED_STATUS, controller.signal.aborted);
    }
  }

  /** Sends the error part; returns the HTTP status it stands for. */
  private failPart(id: string, part: StreamPart & { type: 'error' }): number {
    this.fail(id, part.code, part.message, part.param);
    return toHttpError(part.code, part.message).status;
  }

  private fail(id: string | null, code: ErrorCode, message: string, param: string | null): void {
    const error = toHttpError(code, message, param);
    this.send({ type: 'error', id, status: error.status, error: error.body.error });
  }

  private send(message: ServerMessage): void {
    if (this.socket.readyState === this.socket.OPEN) this.socket.send(JSON.stringify(message));
  }
}
