import type { RoutingPolicy } from '@switchyard/contracts';
import { requestLogger, type Logger, type RequestTrace } from '@switchyard/observability';
import {
  ChatCompletionRequestSchema,
  describeZodError,
  toHttpError,
  validate,
  type ChatCompletionRequest,
  type HttpError,
} from '@switchyard/openai';
import type { WebSocket } from 'ws';
import { resolveRequestId } from '../http/request-id';
import type { InferenceClient } from '../inference/inference.client';
import { deliver } from '../reply/deliver';
import { answerOf, type RunJob } from '../resume/resuming-answer';
import { chatRender } from '../reply/render-specs';
import type { UsageFacts } from '../usage/usage-observer';
import type { UsageRecording } from '../usage/usage-recorder';
import { dialectOf, EnvelopeMessageSchema, type EnvelopeReply, type PlainReply } from './socket-protocol';
import { envelopeReplies, plainReplies, SocketSink, type RequestReplies } from './socket-replies';

/** What a request on the socket may do: model access and rate limits of the socket's key. */
export interface SocketAccess {
  /**
   * Checks the model and reserves rate-limit budget for one request; an HTTP error when refused, and a
   * `reconcile` to call with the tokens really used (0 for a request that failed) when admitted under limits.
   */
  admit(body: ChatCompletionRequest): Promise<{ error?: HttpError; reconcile?: (tokens: number) => Promise<void> }>;
}

/** Lets everything through (an open gateway). */
export const OPEN_ACCESS: SocketAccess = { admit: async () => ({}) };

/** Records nothing (a socket without usage recording). */
const UNRECORDED: UsageRecording = { note: () => undefined, answered: async () => undefined, finish: () => undefined };

/** Limits of one socket. */
export interface ChatSocketOptions {
  /** Requests running at once on one socket; more get an error. */
  maxConcurrent: number;
  /** The routing policy from the upgrade request's `x-switchyard-policy` header, if any. */
  policy?: RoutingPolicy;
  traceparent?: string;
  /** Model access and rate limits (the socket's key); open when absent. */
  access?: SocketAccess;
  /** Resumed streams (`gateway.resume` and the upgrade's `x-switchyard-resume`): at most this many resumes each; absent: none. */
  maxResumes?: number;
  /** Starts recording one request's usage (the socket's key fills in the key id); nothing is recorded when absent. */
  usage?: (facts: Omit<UsageFacts, 'keyId'>, trace: RequestTrace) => UsageRecording;
  /**
   * Counts one request as the process's running work until it has sent its last message (the gateway's drain: a
   * shutdown waits for it, including the usage store before `done`); returns the release.
   */
  hold?: () => () => void;
}

/**
 * One WebSocket connection carrying chat requests, in two dialects told apart message by message
 * (`dialectOf`). Envelopes (`{"id","body"}`) may run several requests at once, and every reply names
 * its request; a plain chat request body is answered with the plain chunk objects, one request at a
 * time. Either way the replies are the chunks SSE carries, then a last message. Closing the socket
 * cancels every request on it.
 */
export class ChatSocket {
  private readonly running = new Map<string, AbortController>();
  /** The id of the plain-dialect request running, if any (it has no id of the client's). */
  private plainId: string | undefined;

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
    // Before the dialect is known, errors go out as envelopes: they carry the OpenAI `error` object too.
    const unknownDialect = envelopeReplies(null, (message) => this.send(message));
    if (isBinary) return unknownDialect.error(toHttpError('invalid_request', 'Send requests as JSON text messages.'));
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch {
      return unknownDialect.error(toHttpError('invalid_json', 'The message is not valid JSON.'));
    }
    if (dialectOf(json) === 'plain') return this.onPlainRequest(json);
    const message = EnvelopeMessageSchema.safeParse(json);
    if (!message.success) {
      const problem = describeZodError(message.error);
      return unknownDialect.error(toHttpError('invalid_request', problem.message, problem.param));
    }
    const envelope = message.data;
    if (envelope.type === 'cancel') {
      const id = envelope.id ?? this.plainId;
      if (id !== undefined) this.running.get(id)?.abort();
      return;
    }
    const id = envelope.id ?? resolveRequestId(undefined);
    const replies = envelopeReplies(id, (reply) => this.send(reply));
    if (this.running.has(id)) return replies.error(toHttpError('invalid_request', `A request with id '${id}' is already running on this socket.`, 'id'));
    this.start(id, envelope.body, envelope.policy ?? this.options.policy, replies);
  }

  private onPlainRequest(body: unknown): void {
    const replies = plainReplies((reply) => this.send(reply));
    if (this.plainId !== undefined) {
      return replies.error(
        toHttpError('rate_limit_exceeded', 'A request is already running on this socket: send the next one after its last message, or use {"id","body"} envelopes to run several at once.'),
      );
    }
    const id = resolveRequestId(undefined);
    if (this.start(id, body, this.options.policy, replies)) this.plainId = id;
  }

  /** Validates and runs one request; false when it was refused at once. */
  private start(id: string, body: unknown, policy: RoutingPolicy | undefined, replies: RequestReplies): boolean {
    if (this.running.size >= this.options.maxConcurrent) {
      replies.error(toHttpError('rate_limit_exceeded', `At most ${this.options.maxConcurrent} requests may run at once on one socket.`));
      return false;
    }
    const parsed = validate(ChatCompletionRequestSchema, body);
    if (!parsed.ok) {
      replies.error(toHttpError('invalid_request', parsed.problem.message, parsed.problem.param));
      return false;
    }
    const controller = new AbortController();
    this.running.set(id, controller);
    const release = this.options.hold?.();
    void this.run(parsed.value, policy, controller, replies).finally(() => {
      release?.();
      if (this.running.get(id) === controller) this.running.delete(id);
      if (this.plainId === id) this.plainId = undefined;
    });
    return true;
  }

  private async run(body: ChatCompletionRequest, policy: RoutingPolicy | undefined, controller: AbortController, replies: RequestReplies): Promise<void> {
    const admission = await (this.options.access ?? OPEN_ACCESS).admit(body);
    if (admission.error) return replies.error(admission.error);
    const requestId = resolveRequestId(undefined);
    const trace = { requestId, traceparent: this.options.traceparent };
    const streamed = body.stream !== false;
    const render = chatRender(body, streamed);
    const run: RunJob = (job, context, signal) => this.inference.run(job, context, signal);
    const answer = answerOf({ kind: 'chat', body, render }, { requestId, policy, traceparent: this.options.traceparent }, controller.signal, run, this.options.maxResumes);
    await deliver({
      parts: answer.parts,
      sink: new SocketSink(replies, streamed, requestId, render.id),
      signal: controller.signal,
      recording: this.options.usage?.({ requestId, kind: 'chat', endpoint: 'chat/completions', requestedModel: body.model, streamed }, trace) ?? UNRECORDED,
      reconcile: admission.reconcile,
      logger: requestLogger(this.logger, trace),
    });
  }

  private send(message: EnvelopeReply | PlainReply | Buffer): void {
    if (this.socket.readyState !== this.socket.OPEN) return;
    if (Buffer.isBuffer(message)) this.socket.send(message, { binary: false });
    else this.socket.send(JSON.stringify(message));
  }
}
