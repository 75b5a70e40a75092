/** Server-sent events as OpenAI streams them: `data: <json>\n\n`, closed by `data: [DONE]`. */

/** The terminating event of an OpenAI stream. */
export const SSE_DONE = 'data: [DONE]\n\n';

/** Encodes one value as an SSE `data:` event. JSON never contains a raw newline, so one line suffices. */
export function sseEvent(value: unknown): string {
  return `data: ${JSON.stringify(value)}\n\n`;
}

/** Headers for an SSE response that proxies and browsers will not buffer. */
export const SSE_HEADERS: Readonly<Record<string, string>> = {
  'content-type': 'text/event-stream; charset=utf-8',
  'cache-control': 'no-cache, no-transform',
  connection: 'keep-alive',
  'x-accel-buffering': 'no',
};
