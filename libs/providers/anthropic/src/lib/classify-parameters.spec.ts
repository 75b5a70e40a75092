import type { ChatCompletionRequest } from '@switchyard/openai';
import { classifyParameters } from './classify-parameters';

const base: ChatCompletionRequest = { model: 'anthropic:claude-sonnet-4-5', messages: [{ role: 'user', content: 'Hi' }] };

describe('classifyParameters', () => {
  it.each<[string, Partial<ChatCompletionRequest>, string]>([
    ['temperature above 1', { temperature: 1.2 }, 'temperature'],
    ['temperature 2', { temperature: 2 }, 'temperature'],
    ['n greater than 1', { n: 2 }, 'n'],
    ['functions', { functions: [{ name: 'f' }] }, 'functions'],
    ['function_call auto', { function_call: 'auto' }, 'function_call'],
    ['a named function_call', { function_call: { name: 'f' } }, 'function_call'],
    ['response_format json_object', { response_format: { type: 'json_object' } }, 'response_format'],
    ['response_format json_schema', { response_format: { type: 'json_schema', json_schema: { name: 'answer', schema: { type: 'object' } } } }, 'response_format'],
    ['logprobs true', { logprobs: true }, 'logprobs'],
    ['top_logprobs', { top_logprobs: 5 }, 'top_logprobs'],
    ['a logit_bias entry', { logit_bias: { '50256': -100 } }, 'logit_bias'],
    ['audio output', { audio: { voice: 'alloy', format: 'mp3' } }, 'audio'],
    ['the audio modality', { modalities: ['text', 'audio'] }, 'modalities'],
    ['web_search_options', { web_search_options: {} }, 'web_search_options'],
    ['moderation', { moderation: { model: 'omni-moderation-latest' } }, 'moderation'],
  ])('refuses %s, naming the parameter', (_name, params, param) => {
    expect(classifyParameters({ ...base, ...params })).toEqual({
      ok: false,
      error: { type: 'error', code: 'unsupported_parameter', param, retryable: false, message: expect.stringContaining(`'${param}'`) },
    });
  });

  it.each<[string, Partial<ChatCompletionRequest>, string[]]>([
    ['nothing extra', {}, []],
    ['every converted parameter', { max_tokens: 9, max_completion_tokens: 9, temperature: 0.5, top_p: 0.9, stop: ['x'], stream: true, stream_options: { include_usage: true }, user: 'u', safety_identifier: 'h', reasoning_effort: 'high' }, []],
    ['temperature exactly 1', { temperature: 1 }, []],
    ['temperature 0', { temperature: 0 }, []],
    ['n = 1', { n: 1 }, []],
    ['function_call none', { function_call: 'none' }, []],
    ['response_format text', { response_format: { type: 'text' } }, []],
    ['logprobs false and top_logprobs 0', { logprobs: false, top_logprobs: 0 }, []],
    ['an empty logit_bias', { logit_bias: {} }, []],
    ['text modality only', { modalities: ['text'] }, []],
    ['top_k, and min_p and repetition_penalty that ask for nothing', { top_k: 20, min_p: 0, repetition_penalty: 1 }, []],
    ['seed', { seed: 42 }, ['seed']],
    ['penalties', { presence_penalty: 0.5, frequency_penalty: 0 }, ['presence_penalty', 'frequency_penalty']],
    ['metadata', { metadata: { team: 'search' } }, ['metadata']],
    ['empty metadata (nothing lost)', { metadata: {} }, []],
    ['store true', { store: true }, ['store']],
    ['store false (nothing lost)', { store: false }, []],
    ['service_tier', { service_tier: 'flex' }, ['service_tier']],
    ['caching hints', { prompt_cache_key: 'k', prompt_cache_retention: '24h', prompt_cache_options: {} }, ['prompt_cache_key', 'prompt_cache_retention', 'prompt_cache_options']],
    ['prediction', { prediction: { type: 'content', content: 'draft' } }, ['prediction']],
    ['verbosity', { verbosity: 'low' }, ['verbosity']],
    ['several, in a fixed order', { verbosity: 'low', seed: 1, store: true }, ['seed', 'store', 'verbosity']],
  ])('accepts %s, dropping %j', (_name, params, dropped) => {
    expect(classifyParameters({ ...base, ...params })).toEqual({ ok: true, dropped });
  });

  it('reports the first refused parameter in a fixed order', () => {
    const review = classifyParameters({ ...base, logprobs: true, n: 3, temperature: 1.5 });
    expect(review.ok === false && review.error.param).toBe('temperature');
  });
});
