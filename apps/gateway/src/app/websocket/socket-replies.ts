import { HEADERS, type ErrorPart, type StartPart } from '@switchyard/contracts';
import { toHttpError, type HttpError } from '@switchyard/openai';
import { routeHeaders } from '../http/routing-headers';
import { bufferOf } from '../reply/http-sinks';
import type { ReplySink } from '../reply/reply-sink';
import type { EnvelopeReply, PlainReply } from './socket-protocol';

/** Sends one text message: an object as JSON, or JSON already encoded. */
export type SocketSend = (message: EnvelopeReply | PlainReply | Buffer) => void;

/** How one request's replies go out on the socket, in the dialect the request came in. */
export interface RequestReplies {
  /** The request was accepted and routed (`route`: the `x-switchyard-route` facts, when given). */
  started(requestId: string, route: string | undefined): void;
  /** A rendered piece: one `chat.completion.chunk` (`whole` false) or the whole `chat.completion` (true), as JSON. */
  piece(json: Uint8Array, whole: boolean): void;
  /** The request's last message when it succeeded; `completionId` names the answer. */
  done(completionId: string): void;
  /** The request failed (its last message). */
  error(error: HttpError): void;
}

const DATA = Buffer.from(',"data":');
const CLOSE = Buffer.from('}');

/** Envelope replies: every message wraps its payload with the request's id. */
export function envelopeReplies(id: string | null, send: SocketSend): RequestReplies {
  const requestId = id ?? '';
  const chunkHead = Buffer.from(`{"type":"chunk","id":${JSON.stringify(requestId)}`);
  const completionHead = Buffer.from(`{"type":"completion","id":${JSON.stringify(requestId)}`);
  return {
    started: (request_id, route) => send({ type: 'started', id: requestId, request_id, ...(route ? { route } : {}) }),
    piece: (json, whole) => send(Buffer.concat([whole ? completionHead : chunkHead, DATA, json, CLOSE])),
    done: () => send({ type: 'done', id: requestId }),
    error: (error) => send({ type: 'error', id, status: error.status, error: error.body.error }),
  };
}

/**
 * Plain replies (Inferneo's dialect): the chunks and completions themselves, an OpenAI error body on
 * failure, and `{"object":"chat.completion.done",…}` after a success.
 */
export function plainReplies(send: SocketSend): RequestReplies {
  let started: { requestId: string; route: string | undefined } | undefined;
  return {
    started: (requestId, route) => void (started = { requestId, route }),
    piece: (json) => send(bufferOf(json)),
    done: (completionId) =>
      send({
        object: 'chat.completion.done',
        id: completionId,
        request_id: started?.requestId ?? '',
        ...(started?.route ? { route: started.route } : {}),
      }),
    error: (error) => send(error.body),
  };
}

/** One request's answer on the socket, in its dialect: chunks as they come, or the whole completion at the end. */
export class SocketSink implements ReplySink {
  private body: Uint8Array | undefined;

  constructor(
    private readonly replies: RequestReplies,
    readonly streamed: boolean,
    private readonly requestId: string,
    private readonly completionId: string,
  ) {}

  start(part: StartPart): void {
    this.replies.started(this.requestId, routeHeaders(part)[HEADERS.route]);
  }

  write(json: Uint8Array): boolean {
    if (this.streamed) this.replies.piece(json, false);
    else this.body = json;
    return true;
  }

  end(): void {
    if (this.body) this.replies.piece(this.body, true);
    this.replies.done(this.completionId);
  }

  fail(error: ErrorPart): void {
    this.replies.error(toHttpError(error.code, error.message, error.param));
  }
}
