import { messagesError, messagesErrorOf } from '@switchyard/dialect-anthropic';
import type { OpenAIErrorBody } from '@switchyard/openai';
import { namedEvent, type HttpDialect } from '../reply/http-sinks';

/** Anthropic's Messages API over HTTP: `{"type":"error","error":{…}}` bodies; `event: <type>` + `data:` events, no end marker. */
export const MESSAGES_DIALECT: HttpDialect = {
  error: (part) => messagesError(part.code, part.message),
  sseEvent: namedEvent,
  sseDone: '',
};

/** True for the Messages API's paths, whose errors take Anthropic's shape. */
export function isMessagesPath(url: string): boolean {
  const path = url.split('?')[0];
  return path === '/v1/messages' || path.startsWith('/v1/messages/') || path === '/messages' || path.startsWith('/messages/');
}

/** An OpenAI-shaped error in the shape the path's API uses. */
export function errorBodyFor(url: string, status: number, body: OpenAIErrorBody): unknown {
  return isMessagesPath(url) ? messagesErrorOf(status, body.error.message) : body;
}
