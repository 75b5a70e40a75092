import { SSE_DONE, SSE_HEADERS, sseEvent } from './sse';

/** The value carried by one `data:` event, checking its framing on the way. */
function dataOf(event: string): unknown {
  expect(event).toMatch(/^data: [^\n]*\n\n$/);
  return JSON.parse(event.slice('data: '.length, -2));
}

describe('sseEvent', () => {
  it('frames a value as one data line followed by a blank line', () => {
    expect(sseEvent({ a: 1 })).toBe('data: {"a":1}\n\n');
  });

  it.each<[string, unknown]>([
    ['an object', { id: 'chatcmpl-1', choices: [{ delta: { content: 'Hi' } }] }],
    ['a string with newlines', 'line one\nline two\r\nline three\r'],
    ['text with a blank line inside, which would end an SSE event', { content: 'para one\n\npara two' }],
    ['text that looks like an SSE field', { content: '\ndata: [DONE]\n\n' }],
    ['unicode line separators', { content: 'a\u2028b\u2029c' }],
    ['emoji and accents', { content: 'café 🚂' }],
    ['null', null],
  ])('keeps %s on one data line and round-trips it', (_name, value) => {
    expect(dataOf(sseEvent(value))).toEqual(value);
  });
});

describe('SSE_DONE', () => {
  it('is the terminating event OpenAI clients wait for', () => {
    expect(SSE_DONE).toBe('data: [DONE]\n\n');
  });
});

describe('SSE_HEADERS', () => {
  it('declare an event stream that is not cached or buffered', () => {
    expect(SSE_HEADERS).toEqual({
      'content-type': 'text/event-stream; charset=utf-8',
      'cache-control': 'no-cache, no-transform',
      connection: 'keep-alive',
      'x-accel-buffering': 'no',
    });
  });
});
