import { ChatCompletionRequestSchema, validate, type ChatCompletionRequest } from '@switchyard/openai';
import type { AnthropicMessagesRequest } from './anthropic-messages-request';
import { buildMessagesRequest } from './build-messages-request';

const MODEL = 'claude-sonnet-4-5-20250929';
const base: ChatCompletionRequest = { model: 'anthropic:claude-sonnet-4-5', messages: [{ role: 'user', content: 'Hi' }] };
const defaults: AnthropicMessagesRequest = { model: MODEL, max_tokens: 4096, messages: [{ role: 'user', content: [{ type: 'text', text: 'Hi' }] }] };
const weather = { type: 'function' as const, function: { name: 'get_weather', parameters: { type: 'object', properties: { city: { type: 'string' } } } } };

describe('buildMessagesRequest', () => {
  it.each<[string, Partial<ChatCompletionRequest>, Partial<AnthropicMessagesRequest>, string[]]>([
    ['the upstream model and a default max_tokens', {}, {}, []],
    ['max_tokens', { max_tokens: 100 }, { max_tokens: 100 }, []],
    ['max_completion_tokens over max_tokens', { max_tokens: 100, max_completion_tokens: 300 }, { max_tokens: 300 }, []],
    [
      'a system prompt',
      { messages: [{ role: 'system', content: 'You are terse.' }, { role: 'user', content: 'Hi' }] },
      { system: 'You are terse.' },
      [],
    ],
    ['a stop string as a list', { stop: 'END' }, { stop_sequences: ['END'] }, []],
    ['stop strings', { stop: ['\n\nHuman:', 'END'] }, { stop_sequences: ['\n\nHuman:', 'END'] }, []],
    ['empty stop strings left out', { stop: [''] }, {}, []],
    ['temperature', { temperature: 0.7 }, { temperature: 0.7 }, []],
    ['temperature 0', { temperature: 0 }, { temperature: 0 }, []],
    ['top_p', { top_p: 0.9 }, { top_p: 0.9 }, []],
    ['top_k', { top_k: 40 }, { top_k: 40 }, []],
    ['top_k -1 (off) left out', { top_k: -1 }, {}, []],
    ['top_k 0 (off) left out', { top_k: 0 }, {}, []],
    ['min_p 0 and repetition_penalty 1 (off)', { min_p: 0, repetition_penalty: 1 }, {}, []],
    ['user as metadata.user_id', { user: 'user-7f3a' }, { metadata: { user_id: 'user-7f3a' } }, []],
    ['safety_identifier as metadata.user_id', { safety_identifier: 'hash-91c2' }, { metadata: { user_id: 'hash-91c2' } }, []],
    ['safety_identifier over a different user', { user: 'u', safety_identifier: 'h' }, { metadata: { user_id: 'h' } }, ['user']],
    ['tools and a tool choice', { tools: [weather], tool_choice: 'required' }, { tools: [{ name: 'get_weather', input_schema: weather.function.parameters }], tool_choice: { type: 'any' } }, []],
    [
      'dropped parameters, listed',
      { seed: 7, presence_penalty: 0.2, store: true, service_tier: 'priority', tools: [{ type: 'function', function: { name: 'now', strict: true } }] },
      { tools: [{ name: 'now', input_schema: { type: 'object', properties: {} } }] },
      ['seed', 'presence_penalty', 'store', 'service_tier', 'tools[0].function.strict'],
    ],
    ['the body stream flag ignored (the argument decides)', { stream: true }, {}, []],
    ['reasoning_effort as extended thinking within max_tokens', { reasoning_effort: 'medium', max_tokens: 2048 }, { max_tokens: 2048, thinking: { type: 'enabled', budget_tokens: 2047 } }, []],
    ['reasoning_effort minimal, dropped', { reasoning_effort: 'minimal' }, {}, ['reasoning_effort']],
  ])('converts %s', (_name, params, expected, dropped) => {
    expect(buildMessagesRequest({ ...base, ...params }, MODEL, false)).toEqual({ ok: true, body: { ...defaults, ...expected }, dropped });
  });

  it('leaves out the nulls of a request (validated: not set)', () => {
    const validated = validate(ChatCompletionRequestSchema, { ...base, max_tokens: null, max_completion_tokens: null, stop: null, temperature: null, top_p: null, top_k: null, user: null });
    if (!validated.ok) throw new Error(validated.problem.message);
    const body = validated.value;
    expect(buildMessagesRequest(body, MODEL, false)).toEqual({ ok: true, body: defaults, dropped: [] });
  });

  it('asks for a stream when streaming', () => {
    const build = buildMessagesRequest(base, MODEL, true);
    expect(build.ok && build.body.stream).toBe(true);
  });

  it('uses the configured default max_tokens', () => {
    const build = buildMessagesRequest(base, MODEL, false, 1024);
    expect(build.ok && build.body.max_tokens).toBe(1024);
  });

  it.each<[string, Partial<ChatCompletionRequest>, string, string]>([
    ['json mode', { response_format: { type: 'json_object' } }, 'unsupported_parameter', 'response_format'],
    ['temperature above 1', { temperature: 1.5 }, 'unsupported_parameter', 'temperature'],
    ['n above 1', { n: 2 }, 'unsupported_parameter', 'n'],
    ['min_p', { min_p: 0.05 }, 'unsupported_parameter', 'min_p'],
    ['repetition_penalty', { repetition_penalty: 1.1 }, 'unsupported_parameter', 'repetition_penalty'],
    ['an audio part', { messages: [{ role: 'user', content: [{ type: 'input_audio', input_audio: { data: 'AA==', format: 'mp3' } }] }] }, 'unsupported_parameter', 'messages[0].content[0]'],
    ['a custom tool', { tools: [{ type: 'custom', custom: { name: 'x' } }] }, 'unsupported_parameter', 'tools[0]'],
    ['top-level parameters before messages', { n: 2, messages: [{ role: 'function', name: 'f', content: null }] }, 'unsupported_parameter', 'n'],
    ['messages before tools', { tool_choice: 'required', messages: [{ role: 'function', name: 'f', content: null }] }, 'unsupported_parameter', 'messages[0].role'],
  ])('refuses %s', (_name, params, code, param) => {
    const build = buildMessagesRequest({ ...base, ...params }, MODEL, false);
    expect(build).toEqual({ ok: false, error: expect.objectContaining({ type: 'error', code, param, retryable: false }) });
  });
});
