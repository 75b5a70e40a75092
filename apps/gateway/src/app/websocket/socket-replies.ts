import type { ChatCompletion, ChatCompletionChunk, HttpError } from '@switchyard/openai';
import type { EnvelopeReply, PlainReply } from './socket-protocol';

/** How one request's replies go out on the socket, in the dialect the request came in. */
export interface RequestReplies {
  /** The request was accepted and routed (`route`: the `x-switchyard-route` facts, when given). */
  started(requestId: string, route: string | undefined): void;
  /** One chunk of a streamed answer. */
  chunk(data: ChatCompletionChunk): void;
  /** The whole answer of a request sent with `stream: false`. */
  completion(data: ChatCompletion): void;
  /** The request's last message when it succeeded; `completionId` names the answer. */
  done(completionId: string): void;
  /** The request failed (its last message). */
  error(error: HttpError): void;
}

/** Envelope replies: every message wraps its payload with the request's id. */
export function envelopeReplies(id: string | null, send: (message: EnvelopeReply) => void): RequestReplies {
  const requestId = id ?? '';
  return {
    started: (request_id, route) => send({ type: 'started', id: requestId, request_id, ...(route ? { route } : {}) }),
    chunk: (data) => send({ type: 'chunk', id: requestId, data }),
    completion: (data) => send({ type: 'completion', id: requestId, data }),
    done: () => send({ type: 'done', id: requestId }),
    error: (error) => send({ type: 'error', id, status: error.status, error: error.body.error }),
  };
}

/**
 * Plain replies (Inferneo's dialect): the chunks and completions themselves, an OpenAI error body on
 * failure, and `{"object":"chat.completion.done",…}` after a success.
 */
export function plainReplies(send: (message: PlainReply) => void): RequestReplies {
  let started: { requestId: string; route: string | undefined } | undefined;
  return {
    started: (requestId, route) => void (started = { requestId, route }),
    chunk: (data) => send(data),
    completion: (data) => send(data),
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
