import { z } from 'zod';
import { ChatCompletionRequestSchema } from './chat-request.schema';
import { describeZodError, formatParamPath, validate, type ValidationProblem } from './validation';

const user = (content: unknown): Record<string, unknown> => ({ role: 'user', content });
const minimal = { model: 'auto', messages: [user('Hello')] };

function problemOf(body: unknown): ValidationProblem {
  const result = validate(ChatCompletionRequestSchema, body);
  if (result.ok) throw new Error(`expected ${JSON.stringify(body)} to be rejected`);
  return result.problem;
}

describe('formatParamPath', () => {
  it.each([
    ['the whole body', [], null],
    ['a top-level key', ['model'], 'model'],
    ['an array element', ['messages', 0], 'messages[0]'],
    ['a key inside an element', ['messages', 0, 'content'], 'messages[0].content'],
    ['nested arrays', ['messages', 1, 'content', 0, 'type'], 'messages[1].content[0].type'],
    ['a path starting with an index', [2, 'text'], '[2].text'],
  ] as Array<[string, PropertyKey[], string | null]>)('renders %s', (_name, path, expected) => {
    expect(formatParamPath(path)).toBe(expected);
  });
});

describe('validate(ChatCompletionRequestSchema)', () => {
  it.each<[string, unknown, ValidationProblem]>([
    ['missing model', { messages: [user('hi')] }, { message: "Missing required parameter: 'model'.", param: 'model' }],
    ['missing messages', { model: 'auto' }, { message: "Missing required parameter: 'messages'.", param: 'messages' }],
    [
      'empty messages',
      { model: 'auto', messages: [] },
      { message: "Invalid value for 'messages': Too small: expected array to have >=1 items", param: 'messages' },
    ],
    [
      'an empty model',
      { model: '', messages: [user('hi')] },
      { message: "Invalid value for 'model': Too small: expected string to have >=1 characters", param: 'model' },
    ],
    [
      'a numeric model',
      { model: 5, messages: [user('hi')] },
      { message: "Invalid value for 'model': Invalid input: expected string, received number", param: 'model' },
    ],
    [
      'messages as a string',
      { model: 'auto', messages: 'hi' },
      { message: "Invalid value for 'messages': Invalid input: expected array, received string", param: 'messages' },
    ],
    [
      'temperature as a string',
      { ...minimal, temperature: '1' },
      { message: "Invalid value for 'temperature': Invalid input: expected number, received string", param: 'temperature' },
    ],
    [
      'stream as a string',
      { ...minimal, stream: 'true' },
      { message: "Invalid value for 'stream': Invalid input: expected boolean, received string", param: 'stream' },
    ],
    [
      'max_tokens -1',
      { ...minimal, max_tokens: -1 },
      { message: "Invalid value for 'max_tokens': Too small: expected number to be >=1", param: 'max_tokens' },
    ],
    [
      'max_tokens 0',
      { ...minimal, max_tokens: 0 },
      { message: "Invalid value for 'max_tokens': Too small: expected number to be >=1", param: 'max_tokens' },
    ],
    [
      'fractional max_tokens',
      { ...minimal, max_tokens: 1.5 },
      { message: "Invalid value for 'max_tokens': Invalid input: expected int, received number", param: 'max_tokens' },
    ],
    [
      'temperature 3',
      { ...minimal, temperature: 3 },
      { message: "Invalid value for 'temperature': Too big: expected number to be <=2", param: 'temperature' },
    ],
    [
      'top_p above 1',
      { ...minimal, top_p: 1.5 },
      { message: "Invalid value for 'top_p': Too big: expected number to be <=1", param: 'top_p' },
    ],
    ['an unknown top-level field', { ...minimal, foo: 1 }, { message: 'Unrecognized request argument supplied: foo', param: 'foo' }],
    [
      'an unknown field inside a message',
      { model: 'auto', messages: [{ role: 'user', content: 'hi', foo: 1 }] },
      { message: 'Unrecognized request argument supplied: messages[0].foo', param: 'messages[0].foo' },
    ],
    [
      'an unknown field inside a content part',
      { model: 'auto', messages: [user([{ type: 'text', text: 'hi', cache: true }])] },
      { message: 'Unrecognized request argument supplied: messages[0].content[0].cache', param: 'messages[0].content[0].cache' },
    ],
    [
      'a bad role',
      { model: 'auto', messages: [{ role: 'wizard', content: 'hi' }] },
      {
        message:
          "Invalid value for 'messages[0].role': Invalid discriminator value. Expected 'system' | 'developer' | 'user' | 'assistant' | 'tool' | 'function'",
        param: 'messages[0].role',
      },
    ],
    [
      'a message that is null',
      { model: 'auto', messages: [user('hi'), null] },
      { message: "Invalid value for 'messages[1]': Invalid input: expected object, received null", param: 'messages[1]' },
    ],
    [
      'a message without content',
      { model: 'auto', messages: [{ role: 'user' }] },
      { message: "Missing required parameter: 'messages[0].content'.", param: 'messages[0].content' },
    ],
    [
      'content that is a number',
      { model: 'auto', messages: [user(42)] },
      { message: "Invalid value for 'messages[0].content': Invalid input: expected string, received number", param: 'messages[0].content' },
    ],
    [
      'an unknown content part type',
      { model: 'auto', messages: [user('hi'), user([{ type: 'video', video: 'x' }])] },
      {
        message:
          "Invalid value for 'messages[1].content[0].type': Invalid discriminator value. Expected 'text' | 'image_url' | 'input_audio' | 'file'",
        param: 'messages[1].content[0].type',
      },
    ],
    [
      'a text part without text',
      { model: 'auto', messages: [user('hi'), user([{ type: 'text', text: 'a' }, { type: 'text' }])] },
      { message: "Missing required parameter: 'messages[1].content[1].text'.", param: 'messages[1].content[1].text' },
    ],
    [
      'an image part with a bad detail',
      { model: 'auto', messages: [user([{ type: 'image_url', image_url: { url: 'https://x/y.png', detail: 'ultra' } }])] },
      {
        message: `Invalid value for 'messages[0].content[0].image_url.detail': Invalid option: expected one of "auto"|"low"|"high"`,
        param: 'messages[0].content[0].image_url.detail',
      },
    ],
    [
      'five stop sequences',
      { ...minimal, stop: ['a', 'b', 'c', 'd', 'e'] },
      { message: "Invalid value for 'stop': Too big: expected array to have <=4 items", param: 'stop' },
    ],
    [
      'an unknown response_format type',
      { ...minimal, response_format: { type: 'xml' } },
      {
        message: "Invalid value for 'response_format.type': Invalid discriminator value. Expected 'text' | 'json_object' | 'json_schema'",
        param: 'response_format.type',
      },
    ],
    [
      'a tool with an empty function name',
      { ...minimal, tools: [{ type: 'function', function: { name: '' } }] },
      { message: "Invalid value for 'tools[0].function.name': Too small: expected string to have >=1 characters", param: 'tools[0].function.name' },
    ],
    [
      'include_usage as a string',
      { ...minimal, stream: true, stream_options: { include_usage: 'yes' } },
      {
        message: "Invalid value for 'stream_options.include_usage': Invalid input: expected boolean, received string",
        param: 'stream_options.include_usage',
      },
    ],
    [
      'continue_final_message after a user message',
      { ...minimal, continue_final_message: true },
      {
        message: "Invalid value for 'continue_final_message': needs the last message to be an assistant message with text and no tool calls",
        param: 'continue_final_message',
      },
    ],
    [
      'continue_final_message with n = 2',
      { ...minimal, messages: [{ role: 'user', content: 'Hi' }, { role: 'assistant', content: 'Hel' }], continue_final_message: true, n: 2 },
      { message: "Invalid value for 'continue_final_message': cannot be used with n greater than 1", param: 'continue_final_message' },
    ],
    ['a body that is null', null, { message: 'The request body must be a JSON object.', param: null }],
    ['a body that is an array', [minimal], { message: 'The request body must be a JSON object.', param: null }],
    ['a body that is a string', '{"model":"auto"}', { message: 'The request body must be a JSON object.', param: null }],
    ['a body that is a number', 42, { message: 'The request body must be a JSON object.', param: null }],
  ])('rejects %s', (_name, body, expected) => {
    expect(problemOf(body)).toEqual(expected);
  });

  it('reports the first of several unknown fields', () => {
    expect(problemOf({ ...minimal, foo: 1, bar: 2 })).toEqual({ message: 'Unrecognized request argument supplied: foo', param: 'foo' });
  });

  const everyParameter = {
    model: 'local:stories260k',
    messages: [
      { role: 'developer', content: 'Be brief.' },
      { role: 'system', content: [{ type: 'text', text: 'You are kind.' }], name: 'sys' },
      {
        role: 'user',
        content: [
          { type: 'text', text: 'What is this?' },
          { type: 'image_url', image_url: { url: 'data:image/png;base64,AAAA', detail: 'low' } },
          { type: 'input_audio', input_audio: { data: 'AAAA', format: 'wav' } },
          { type: 'file', file: { file_id: 'file-1', filename: 'a.pdf' } },
        ],
        name: 'ann',
      },
      {
        role: 'assistant',
        content: null,
        tool_calls: [{ id: 'call_1', type: 'function', function: { name: 'look', arguments: '{"q":1}' } }],
      },
      { role: 'tool', content: '{"answer":42}', tool_call_id: 'call_1' },
      { role: 'function', content: null, name: 'look' },
    ],
    stream: true,
    stream_options: { include_usage: true, include_obfuscation: false },
    max_tokens: 64,
    max_completion_tokens: 64,
    temperature: 0.7,
    top_p: 0.9,
    n: 2,
    stop: ['\n\n', 'END'],
    seed: 42,
    presence_penalty: -0.5,
    frequency_penalty: 1.5,
    logit_bias: { '50256': -100 },
    logprobs: true,
    top_logprobs: 5,
    response_format: {
      type: 'json_schema',
      json_schema: { name: 'answer', description: 'An answer', schema: { type: 'object' }, strict: true },
    },
    tools: [
      { type: 'function', function: { name: 'look', description: 'Looks', parameters: { type: 'object' }, strict: null } },
      { type: 'custom', custom: { name: 'grammar' } },
    ],
    tool_choice: { type: 'function', function: { name: 'look' } },
    parallel_tool_calls: false,
    functions: [{ name: 'legacy' }],
    function_call: { name: 'legacy' },
    user: 'u-1',
    safety_identifier: 'hash',
    prompt_cache_key: 'k',
    prompt_cache_retention: '24h',
    prompt_cache_options: null,
    metadata: { team: 'a' },
    store: false,
    service_tier: 'auto',
    modalities: ['text'],
    audio: null,
    prediction: { type: 'content', content: 'x' },
    reasoning_effort: 'low',
    verbosity: 'medium',
    web_search_options: {},
    moderation: null,
  };

  it('accepts every documented parameter at once, a null one as not set', () => {
    // The same request without its nulls (the function message's content is required, so its null stays).
    const expected = structuredClone(everyParameter);
    const remove = (from: object | undefined, key: string): void => void delete (from as Record<string, unknown>)[key];
    for (const key of ['prompt_cache_options', 'audio', 'moderation']) remove(expected, key);
    remove(expected.messages[3], 'content');
    remove(expected.tools[0].function, 'strict');
    const lookTool = everyParameter.tools[0];
    const result = validate(ChatCompletionRequestSchema, everyParameter);
    expect(result).toEqual({ ok: true, value: expected });
    if (!result.ok) return;
    // Not set means absent once on the wire: no null and no key reaches a worker.
    expect(JSON.parse(JSON.stringify(result.value))).toEqual(expected);
    expect(lookTool.function?.strict).toBeNull();
  });

  it.each<[string, Record<string, unknown>]>([
    ['stop', { stop: null }],
    ['Oblix\'s documented nulls', { max_tokens: null, logit_bias: null, user: null }],
    ['sampling and output parameters', { max_tokens: null, temperature: null, seed: null, stream: null, stream_options: null, n: null, response_format: null }],
    ['tool parameters', { tools: null, tool_choice: null, parallel_tool_calls: null, functions: null, function_call: null }],
    ['the local engines\' sampling parameters', { top_k: null, min_p: null, repetition_penalty: null }],
    ['every other optional parameter', { logprobs: null, top_logprobs: null, presence_penalty: null, frequency_penalty: null, metadata: null, store: null, service_tier: null, modalities: null, prediction: null, reasoning_effort: null, verbosity: null, web_search_options: null, safety_identifier: null, prompt_cache_key: null, prompt_cache_retention: null, max_completion_tokens: null, top_p: null }],
    ['nested optional fields', { messages: [{ role: 'user', content: 'Hi', name: null }, { role: 'assistant', content: null, refusal: null, tool_calls: null, function_call: null, audio: null, name: null }, { role: 'user', content: [{ type: 'image_url', image_url: { url: 'data:,', detail: null } }] }], stream: true, stream_options: { include_usage: null } }],
  ])('takes null as not set: %s', (_name, params) => {
    const result = validate(ChatCompletionRequestSchema, { ...minimal, ...params });
    expect(result.ok).toBe(true);
    if (result.ok) expect(JSON.stringify(result.value)).not.toContain('null');
  });

  it.each<[string, Record<string, unknown>, string]>([
    ['model', { model: null, messages: [user('hi')] }, 'model'],
    ['messages', { model: 'auto', messages: null }, 'messages'],
    ['a message', { model: 'auto', messages: [null] }, 'messages[0]'],
    ['a user message\'s content', { model: 'auto', messages: [{ role: 'user', content: null }] }, 'messages[0].content'],
  ])('refuses a null where a value is required: %s', (_name, body, param) => {
    expect(validate(ChatCompletionRequestSchema, body)).toEqual({
      ok: false,
      problem: { message: expect.stringMatching(new RegExp(`^Invalid value for '${param.replace(/[[\].]/g, '\\$&')}': .*received null$`)), param },
    });
  });

  it.each<[string, Record<string, unknown>]>([
    ['the minimal request', minimal],
    ['stop as a string', { ...minimal, stop: 'END' }],
    ['stop as an array of four', { ...minimal, stop: ['a', 'b', 'c', 'd'] }],
    ['the local engines\' sampling parameters', { ...minimal, top_k: -1, min_p: 0.05, repetition_penalty: 1.1 }],
    ['temperature at its bounds', { ...minimal, temperature: 2, top_p: 0 }],
    ['response_format text', { ...minimal, response_format: { type: 'text' } }],
    ['response_format json_object', { ...minimal, response_format: { type: 'json_object' } }],
    ['response_format json_schema without a schema', { ...minimal, response_format: { type: 'json_schema', json_schema: { name: 'x' } } }],
    ['tool_choice as a string', { ...minimal, tool_choice: 'required' }],
    ['stream_options with include_usage', { ...minimal, stream: true, stream_options: { include_usage: true } }],
  ])('accepts %s unchanged', (_name, body) => {
    expect(validate(ChatCompletionRequestSchema, body)).toEqual({ ok: true, value: body });
  });
});

describe('describeZodError', () => {
  it('reports a body without issues as invalid, not as passing', () => {
    expect(describeZodError(new z.ZodError([]))).toEqual({ message: 'Invalid request body.', param: null });
  });

  it('does not call a wrongly typed value missing when the error was made without reportInput', () => {
    const result = ChatCompletionRequestSchema.safeParse({ model: 5, messages: [user('hi')] });
    if (result.success) throw new Error('expected a failure');
    expect(describeZodError(result.error)).toEqual({
      message: "Invalid value for 'model': Invalid input: expected string, received number",
      param: 'model',
    });
  });
});
