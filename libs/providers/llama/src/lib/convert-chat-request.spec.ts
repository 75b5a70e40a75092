import type { ChatCompletionRequest } from '@switchyard/openai';
import { convertChatRequest } from './convert-chat-request';
import type { LlamaGenerationInput } from './llama-generation-input';

const base: ChatCompletionRequest = { model: 'local:stories260k', messages: [{ role: 'user', content: 'Once upon a time' }] };
const defaults: LlamaGenerationInput = {
  history: [{ type: 'user', text: 'Once upon a time' }],
  maxTokens: undefined,
  temperature: 1,
  topP: 1,
  stop: [],
  seed: undefined,
  presencePenalty: 0,
  frequencyPenalty: 0,
};

describe('convertChatRequest', () => {
  it.each<[string, Partial<ChatCompletionRequest>, Partial<LlamaGenerationInput>]>([
    ["OpenAI's defaults", {}, {}],
    ['nulls as defaults', { temperature: null, top_p: null, max_tokens: null, seed: null, stop: null, presence_penalty: null }, {}],
    ['max_tokens', { max_tokens: 5 }, { maxTokens: 5 }],
    ['max_completion_tokens', { max_completion_tokens: 7 }, { maxTokens: 7 }],
    ['max_completion_tokens over max_tokens', { max_tokens: 5, max_completion_tokens: 9 }, { maxTokens: 9 }],
    ['temperature 0 (greedy)', { temperature: 0 }, { temperature: 0 }],
    ['temperature 1.5', { temperature: 1.5 }, { temperature: 1.5 }],
    ['top_p', { top_p: 0.9 }, { topP: 0.9 }],
    ['a stop string', { stop: '.' }, { stop: ['.'] }],
    ['stop strings', { stop: ['\n', 'END'] }, { stop: ['\n', 'END'] }],
    ['empty stop strings dropped', { stop: ['', 'END'] }, { stop: ['END'] }],
    ['seed', { seed: 42 }, { seed: 42 }],
    ['seed 0', { seed: 0 }, { seed: 0 }],
    ['presence_penalty', { presence_penalty: 0.5 }, { presencePenalty: 0.5 }],
    ['frequency_penalty', { frequency_penalty: -1 }, { frequencyPenalty: -1 }],
    ['ignored metadata', { user: 'u', metadata: { a: 'b' }, stream: true, service_tier: 'auto' }, {}],
  ])('converts %s', (_name, params, expected) => {
    expect(convertChatRequest({ ...base, ...params })).toEqual({ ok: true, input: { ...defaults, ...expected } });
  });

  it.each<[string, Partial<ChatCompletionRequest>, string]>([
    ['a top-level parameter', { n: 2 }, 'n'],
    ['a content part', { messages: [{ role: 'user', content: [{ type: 'image_url', image_url: { url: 'data:,' } }] }] }, 'messages[0].content[0]'],
    ['parameters before messages', { logprobs: true, messages: [{ role: 'tool', content: 'r', tool_call_id: 'c' }] }, 'logprobs'],
  ])('refuses %s', (_name, params, param) => {
    const result = convertChatRequest({ ...base, ...params });
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.error).toMatchObject({ code: 'unsupported_parameter', param });
  });
});
