import { messagesError, messagesErrorOf } from '@switchyard/dialect-anthropic';
import type { OpenAIErrorBody } from '@switchyard/openai';
import type { HttpDialect } from '../reply/http-sinks';

const EVENT = Buffer.from('event: ');
const DATA = Buffer.from('\ndata: ');
const EVENT_END = Buffer.from('\n\n');
/** Every rendered Messages (and Responses) event starts `{"type":"<name>"`: the name is read from there, the JSON is not parsed. */
const TYPE_AT = Buffer.byteLength('{"type":"');
const QUOTE = 0x22;

/** The `type` a rendered event starts with, as the SSE event name. */
export function eventName(json: Uint8Array): Uint8Array {
  const end = json.indexOf(QUOTE, TYPE_AT);
  return end < 0 ? Buffer.from('message') : json.subarray(TYPE_AT, end);
}

/** Anthropic's Messages API over HTTP: `{"type":"error","error":{…}}` bodies; `event: <type>` + `data:` events, no end marker. */
export const MESSAGES_DIALECT: HttpDialect = {
  error: (part) => messagesError(part.code, part.message),
  sseEvent: namedEvent,
  sseDone: '',
};

/** `event: <type>` and `data: <json>`: how the Messages and Responses APIs frame an event. */
export function namedEvent(json: Uint8Array): Buffer {
  return Buffer.concat([EVENT, eventName(json), DATA, json, EVENT_END]);
}

/** True for the Messages API's paths, whose errors take Anthropic's shape. */
export function isMessagesPath(url: string): boolean {
  const path = url.split('?')[0];
  return path === '/v1/messages' || path.startsWith('/v1/messages/') || path === '/messages' || path.startsWith('/messages/');
}

/** An OpenAI-shaped error in the shape the path's API uses. */
export function errorBodyFor(url: string, status: number, body: OpenAIErrorBody): unknown {
  return isMessagesPath(url) ? messagesErrorOf(status, body.error.message) : body;
}
