import { toHttpError } from '@switchyard/openai';
import { namedEvent, type HttpDialect } from '../reply/http-sinks';

/**
 * OpenAI's Responses API over HTTP: OpenAI's error bodies; `event: <type>` + `data:` events, no end marker; an error
 * after the stream began is an `error` event numbered after the events that went before it.
 */
export const RESPONSES_DIALECT: HttpDialect = {
  error: (part) => toHttpError(part.code, part.message, part.param),
  sseEvent: namedEvent,
  sseDone: '',
  sseError: (part, written) => {
    const { error } = toHttpError(part.code, part.message, part.param).body;
    return namedEvent(Buffer.from(JSON.stringify({ type: 'error', code: error.code ?? error.type, message: error.message, param: error.param, sequence_number: written })));
  },
};
