import type { ChatCompletionRequest } from '@switchyard/openai';
import { findUnsupportedParameter } from './find-unsupported-parameter';

const base: ChatCompletionRequest = { model: 'local:stories260k', messages: [{ role: 'user', content: 'Hi' }] };

describe('findUnsupportedParameter', () => {
  it.each<[string, Partial<ChatCompletionRequest>, string]>([
    ['functions', { functions: [{ name: 'f' }] }, 'functions'],
    ['function_call auto', { function_call: 'auto' }, 'function_call'],
    ['a named function_call', { function_call: { name: 'f' } }, 'function_call'],
    ['audio output', { audio: { voice: 'alloy', format: 'mp3' } }, 'audio'],
    ['the audio modality', { modalities: ['text', 'audio'] }, 'modalities'],
    ['prediction', { prediction: { type: 'content', content: 'x' } }, 'prediction'],
    ['web_search_options', { web_search_options: {} }, 'web_search_options'],
    ['moderation', { moderation: { model: 'omni' } }, 'moderation'],
  ])('refuses %s, naming the parameter', (_name, params, param) => {
    const error = findUnsupportedParameter({ ...base, ...params });
    expect(error).toEqual({ code: 'unsupported_parameter', param, message: expect.stringContaining(`'${param}'`) });
  });

  it.each<[string, Partial<ChatCompletionRequest>]>([
    ['nothing extra', {}],
    ['n = 1', { n: 1 }],
    ['n greater than 1', { n: 4 }],
    ['response_format json_object', { response_format: { type: 'json_object' } }],
    ['response_format json_schema', { response_format: { type: 'json_schema', json_schema: { name: 's', schema: { type: 'object' } } } }],
    ['logprobs with top_logprobs', { logprobs: true, top_logprobs: 3 }],
    ['a logit_bias entry', { logit_bias: { '50256': -100 } }],
    ['an empty tools list', { tools: [] }],
    ['a function tool and every tool choice', { tools: [{ type: 'function', function: { name: 'get_weather' } }], tool_choice: 'required', parallel_tool_calls: false }],
    ['tool_choice none', { tool_choice: 'none' }],
    ['function_call none', { function_call: 'none' }],
    ['response_format text', { response_format: { type: 'text' } }],
    ['logprobs false', { logprobs: false }],
    ['top_logprobs 0', { top_logprobs: 0 }],
    ['an empty logit_bias', { logit_bias: {} }],
    ['text modality only', { modalities: ['text'] }],
    ['the local engines\' sampling parameters', { top_k: 40, min_p: 0.1, repetition_penalty: 1.2 }],
    ['user and metadata', { user: 'u-1', metadata: { team: 'a' }, safety_identifier: 'h', store: false }],
    ['service tier and caching hints', { service_tier: 'auto', prompt_cache_key: 'k', prompt_cache_retention: '24h', prompt_cache_options: {} }],
    ['reasoning and verbosity hints', { reasoning_effort: 'low', verbosity: 'low', parallel_tool_calls: false }],
    ['streaming options', { stream: true, stream_options: { include_usage: true } }],
    ['every sampling parameter', { max_tokens: 5, max_completion_tokens: 5, temperature: 0, top_p: 0.5, stop: ['x'], seed: 1, presence_penalty: 1, frequency_penalty: 1 }],
  ])('accepts %s', (_name, params) => {
    expect(findUnsupportedParameter({ ...base, ...params })).toBeUndefined();
  });

  it('reports the first refused parameter in a fixed order', () => {
    expect(findUnsupportedParameter({ ...base, moderation: {}, functions: [{ name: 'f' }] })?.param).toBe('functions');
  });
});
