import { parseToolArguments } from './parse-tool-arguments';

const PARAM = 'messages[1].tool_calls[0].function.arguments';

describe('parseToolArguments', () => {
  it.each<[string, string, Record<string, unknown>]>([
    ['an object', '{"city":"Paris","days":3}', { city: 'Paris', days: 3 }],
    ['nested values', '{"q":{"a":[1,2]},"n":null}', { q: { a: [1, 2] }, n: null }],
    ['an empty object', '{}', {}],
    ['empty text as no arguments', '', {}],
    ['blank text as no arguments', '  \n', {}],
    ['surrounding whitespace', ' {"a":1} ', { a: 1 }],
  ])('parses %s', (_name, text, input) => {
    expect(parseToolArguments(text, PARAM)).toEqual({ ok: true, input });
  });

  it.each<[string, string, string]>([
    ['truncated JSON', '{"city":"Par', 'not valid JSON'],
    ['plain text', 'Paris', 'not valid JSON'],
    ['an array', '[1,2]', 'must be a JSON object'],
    ['a number', '42', 'must be a JSON object'],
    ['null', 'null', 'must be a JSON object'],
    ['a string', '"Paris"', 'must be a JSON object'],
  ])('refuses %s, naming the parameter', (_name, text, why) => {
    expect(parseToolArguments(text, PARAM)).toEqual({
      ok: false,
      error: { type: 'error', code: 'invalid_request', param: PARAM, retryable: false, message: expect.stringContaining(why) },
    });
  });
});
