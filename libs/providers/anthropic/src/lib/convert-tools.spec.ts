import type { ChatCompletionRequest } from '@switchyard/openai';
import type { AnthropicTool, AnthropicToolChoice } from './anthropic-messages-request';
import { convertTools } from './convert-tools';

type Tools = NonNullable<ChatCompletionRequest['tools']>;

const weatherParameters = { type: 'object', properties: { city: { type: 'string' } }, required: ['city'] };
const weather: Tools = [{ type: 'function', function: { name: 'get_weather', description: 'Current weather', parameters: weatherParameters } }];
const weatherTool: AnthropicTool = { name: 'get_weather', description: 'Current weather', input_schema: weatherParameters };

describe('convertTools', () => {
  it.each<[string, Parameters<typeof convertTools>[0], AnthropicTool[] | undefined, AnthropicToolChoice | undefined, string[]]>([
    ['no tools', {}, undefined, undefined, []],
    ['an empty tools list', { tools: [] }, undefined, undefined, []],
    ['a function with parameters', { tools: weather }, [weatherTool], undefined, []],
    [
      'a function without parameters or description',
      { tools: [{ type: 'function', function: { name: 'now' } }] },
      [{ name: 'now', input_schema: { type: 'object', properties: {} } }],
      undefined,
      [],
    ],
    [
      'a strict function (strictness dropped)',
      { tools: [{ type: 'function', function: { name: 'now', strict: true } }] },
      [{ name: 'now', input_schema: { type: 'object', properties: {} } }],
      undefined,
      ['tools[0].function.strict'],
    ],
    ['tool_choice auto', { tools: weather, tool_choice: 'auto' }, [weatherTool], { type: 'auto' }, []],
    ['tool_choice required → type any', { tools: weather, tool_choice: 'required' }, [weatherTool], { type: 'any' }, []],
    ['tool_choice none', { tools: weather, tool_choice: 'none' }, [weatherTool], { type: 'none' }, []],
    ['a named function', { tools: weather, tool_choice: { type: 'function', function: { name: 'get_weather' } } }, [weatherTool], { type: 'tool', name: 'get_weather' }, []],
    ['parallel_tool_calls false without a choice', { tools: weather, parallel_tool_calls: false }, [weatherTool], { type: 'auto', disable_parallel_tool_use: true }, []],
    ['parallel_tool_calls false with required', { tools: weather, tool_choice: 'required', parallel_tool_calls: false }, [weatherTool], { type: 'any', disable_parallel_tool_use: true }, []],
    [
      'parallel_tool_calls false with a named function',
      { tools: weather, tool_choice: { type: 'function', function: { name: 'get_weather' } }, parallel_tool_calls: false },
      [weatherTool],
      { type: 'tool', name: 'get_weather', disable_parallel_tool_use: true },
      [],
    ],
    ['parallel_tool_calls false with none (nothing to disable)', { tools: weather, tool_choice: 'none', parallel_tool_calls: false }, [weatherTool], { type: 'none' }, []],
    ['parallel_tool_calls true (Anthropic default)', { tools: weather, parallel_tool_calls: true }, [weatherTool], undefined, []],
    ['tool_choice auto without tools', { tool_choice: 'auto' }, undefined, undefined, []],
    ['tool_choice none without tools', { tool_choice: 'none', parallel_tool_calls: false }, undefined, undefined, []],
  ])('converts %s', (_name, request, tools, toolChoice, dropped) => {
    expect(convertTools(request)).toEqual({ ok: true, tools, toolChoice, dropped });
  });

  it.each<[string, Parameters<typeof convertTools>[0], string, string]>([
    ['a custom tool', { tools: [...weather, { type: 'custom', custom: { name: 'grammar' } }] }, 'unsupported_parameter', 'tools[1]'],
    ['allowed_tools', { tools: weather, tool_choice: { type: 'allowed_tools', allowed_tools: { mode: 'auto', tools: [] } } }, 'unsupported_parameter', 'tool_choice'],
    ['a custom tool choice', { tools: weather, tool_choice: { type: 'custom', custom: { name: 'grammar' } } }, 'unsupported_parameter', 'tool_choice'],
    ['required without tools', { tool_choice: 'required' }, 'invalid_request', 'tool_choice'],
    ['a named function without tools', { tool_choice: { type: 'function', function: { name: 'f' } } }, 'invalid_request', 'tool_choice'],
  ])('refuses %s', (_name, request, code, param) => {
    expect(convertTools(request)).toEqual({ ok: false, error: { type: 'error', code, param, retryable: false, message: expect.stringContaining(`'${param}'`) } });
  });
});
