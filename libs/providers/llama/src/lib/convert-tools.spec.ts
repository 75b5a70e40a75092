import type { ChatCompletionRequest } from '@switchyard/openai';
import { convertTools } from './convert-tools';

const base: ChatCompletionRequest = { model: 'local:stories260k', messages: [{ role: 'user', content: 'Hi' }] };
const weather = { type: 'function' as const, function: { name: 'get_weather', description: 'Weather in a city', parameters: { type: 'object', properties: { city: { type: 'string', description: 'the city' } }, required: ['city'] } } };
const now = { type: 'function' as const, function: { name: 'now' } };
const WEATHER_TOOL = { name: 'get_weather', description: 'Weather in a city', parameters: { type: 'object', properties: { city: { type: 'string' } } } };
const NOW_TOOL = { name: 'now', description: undefined, parameters: { type: 'object', properties: {} } };

describe('convertTools', () => {
  it.each<[string, Partial<ChatCompletionRequest>, unknown]>([
    ['no tools', {}, undefined],
    ['an empty list', { tools: [] }, undefined],
    ['tool_choice none', { tools: [weather], tool_choice: 'none' }, undefined],
    ['tools, auto by default (parameters in the grammar subset, annotations dropped)', { tools: [weather, now] }, { mode: 'auto', tools: [WEATHER_TOOL, NOW_TOOL] }],
    ['required', { tools: [weather, now], tool_choice: 'required' }, { mode: 'required', tools: [WEATHER_TOOL, NOW_TOOL] }],
    ['a named function: that one, required', { tools: [weather, now], tool_choice: { type: 'function', function: { name: 'now' } } }, { mode: 'required', tools: [NOW_TOOL] }],
    ['a text response format', { tools: [weather], response_format: { type: 'text' } }, { mode: 'auto', tools: [WEATHER_TOOL] }],
  ])('converts %s', (_name, params, tools) => {
    expect(convertTools({ ...base, ...params })).toEqual({ ok: true, tools });
  });

  it.each<[string, Partial<ChatCompletionRequest>, string, string]>([
    ['a custom tool', { tools: [{ type: 'custom', custom: { name: 'x' } }] }, 'tools[0]', 'unsupported_parameter'],
    ['parameters no grammar enforces', { tools: [{ type: 'function', function: { name: 'f', parameters: { type: 'string', pattern: '^a' } } }] }, 'tools[0].function.parameters', 'unsupported_parameter'],
    ['a JSON response format with tools', { tools: [weather], response_format: { type: 'json_object' } }, 'response_format', 'unsupported_parameter'],
    ['logprobs with tools', { tools: [weather], logprobs: true }, 'logprobs', 'unsupported_parameter'],
    ['a named function that is not a tool', { tools: [weather], tool_choice: { type: 'function', function: { name: 'nope' } } }, 'tool_choice', 'invalid_request'],
    ['an allowed_tools choice', { tools: [weather], tool_choice: { type: 'allowed_tools', allowed_tools: {} } }, 'tool_choice', 'unsupported_parameter'],
  ])('refuses %s, naming it', (_name, params, param, code) => {
    expect(convertTools({ ...base, ...params })).toEqual({ ok: false, error: expect.objectContaining({ code, param }) });
  });
});
