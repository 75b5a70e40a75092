import { readInlineError, type UpstreamErrorObject } from './read-inline-error';

describe('readInlineError', () => {
  it.each<[string, unknown, UpstreamErrorObject | undefined]>([
    [
      "OpenAI's error body",
      { error: { message: "Invalid value for 'temperature'.", type: 'invalid_request_error', param: 'temperature', code: 'invalid_value' } },
      { message: "Invalid value for 'temperature'.", type: 'invalid_request_error', param: 'temperature', code: 'invalid_value' },
    ],
    ['null param and code', { error: { message: 'Oops', type: 'server_error', param: null, code: null } }, { message: 'Oops', type: 'server_error', param: null }],
    ["Ollama's string error", { error: "model 'llama9' not found" }, { message: "model 'llama9' not found", param: null }],
    [
      "vLLM's flat error",
      { object: 'error', message: 'max_tokens is too large', type: 'BadRequestError', param: null, code: 400 },
      { message: 'max_tokens is too large', type: 'BadRequestError', param: null, code: 400 },
    ],
    ['an error object of wrong types', { error: { message: 42, type: ['x'], param: 7, code: {} } }, { param: null }],
    ['a chunk', { id: 'chatcmpl-1', object: 'chat.completion.chunk', choices: [] }, undefined],
    ['a null error field', { error: null, choices: [] }, undefined],
    ['an array', [{ error: 'x' }], undefined],
    ['a string', 'error', undefined],
    ['null', null, undefined],
  ])('%s', (_name, json, expected) => {
    expect(readInlineError(json)).toEqual(expected);
  });
});
