import { ChatCompletionRequestSchema, validate, type ChatCompletionRequest } from '@switchyard/openai';
import { convertChatRequest } from './convert-chat-request';
import type { LlamaGenerationInput } from './llama-generation-input';

const base: ChatCompletionRequest = { model: 'local:stories260k', messages: [{ role: 'user', content: 'Once upon a time' }] };
const defaults: LlamaGenerationInput = {
  history: [{ type: 'user', text: 'Once upon a time' }],
  continueFinalMessage: false,
  maxTokens: undefined,
  temperature: 1,
  topP: 1,
  topK: 0,
  minP: 0,
  repetitionPenalty: 1,
  stop: [],
  seed: undefined,
  presencePenalty: 0,
  frequencyPenalty: 0,
  logitBias: [],
  logprobs: undefined,
  format: { type: 'text' },
  tools: undefined,
  parallelToolCalls: true,
};

describe('convertChatRequest', () => {
  it.each<[string, Partial<ChatCompletionRequest>, Partial<LlamaGenerationInput>]>([
    ["OpenAI's defaults", {}, {}],
    ['max_tokens', { max_tokens: 5 }, { maxTokens: 5 }],
    [
      'continue_final_message: the assistant text is the model turn to go on from',
      { messages: [{ role: 'user', content: 'Once upon a time' }, { role: 'assistant', content: 'there was' }], continue_final_message: true },
      { history: [{ type: 'user', text: 'Once upon a time' }, { type: 'model', response: ['there was'] }], continueFinalMessage: true },
    ],
    ['max_completion_tokens', { max_completion_tokens: 7 }, { maxTokens: 7 }],
    ['max_completion_tokens over max_tokens', { max_tokens: 5, max_completion_tokens: 9 }, { maxTokens: 9 }],
    ['temperature 0 (greedy)', { temperature: 0 }, { temperature: 0 }],
    ['temperature 1.5', { temperature: 1.5 }, { temperature: 1.5 }],
    ['a temperature too small to differ from greedy (1e-38 would overflow the logits)', { temperature: 1.3755791362923613e-38 }, { temperature: 0 }],
    ['the smallest temperature kept', { temperature: 0.001 }, { temperature: 0.001 }],
    ['top_p', { top_p: 0.9 }, { topP: 0.9 }],
    ['top_k', { top_k: 40 }, { topK: 40 }],
    ['top_k -1 as off', { top_k: -1 }, { topK: 0 }],
    ['min_p', { min_p: 0.05 }, { minP: 0.05 }],
    ['repetition_penalty', { repetition_penalty: 1.15 }, { repetitionPenalty: 1.15 }],
    ['a stop string', { stop: '.' }, { stop: ['.'] }],
    ['stop strings', { stop: ['\n', 'END'] }, { stop: ['\n', 'END'] }],
    ['empty stop strings dropped', { stop: ['', 'END'] }, { stop: ['END'] }],
    ['seed', { seed: 42 }, { seed: 42 }],
    ['seed 0', { seed: 0 }, { seed: 0 }],
    ['presence_penalty', { presence_penalty: 0.5 }, { presencePenalty: 0.5 }],
    ['frequency_penalty', { frequency_penalty: -1 }, { frequencyPenalty: -1 }],
    ['ignored metadata', { user: 'u', metadata: { a: 'b' }, stream: true, service_tier: 'auto' }, {}],
    ['logit_bias as token ids', { logit_bias: { '13': -100, '7': 2.5 } }, { logitBias: [{ token: 7, bias: 2.5 }, { token: 13, bias: -100 }] }],
    ['logprobs without alternatives', { logprobs: true }, { logprobs: 0 }],
    ['logprobs with top_logprobs', { logprobs: true, top_logprobs: 5 }, { logprobs: 5 }],
    ['logprobs false', { logprobs: false, top_logprobs: 0 }, {}],
    ['response_format text', { response_format: { type: 'text' } }, {}],
    ['json_object', { response_format: { type: 'json_object' } }, { format: { type: 'json_object' } }],
    ['json_schema without a schema as any object', { response_format: { type: 'json_schema', json_schema: { name: 's' } } }, { format: { type: 'json_object' } }],
    [
      'json_schema',
      { response_format: { type: 'json_schema', json_schema: { name: 's', strict: true, schema: { type: 'object', title: 'T', properties: { a: { type: 'integer' } } } } } },
      { format: { type: 'json_schema', schema: { type: 'object', properties: { a: { type: 'integer' } } } } },
    ],
  ])('converts %s', (_name, params, expected) => {
    expect(convertChatRequest({ ...base, ...params })).toEqual({ ok: true, n: 1, input: { ...defaults, ...expected } });
  });

  it('takes the nulls of a request (validated: not set) as the defaults', () => {
    const validated = validate(ChatCompletionRequestSchema, { ...base, temperature: null, top_p: null, max_tokens: null, seed: null, stop: null, presence_penalty: null, n: null });
    if (!validated.ok) throw new Error(validated.problem.message);
    const body = validated.value;
    expect(convertChatRequest(body)).toEqual({ ok: true, n: 1, input: defaults });
  });

  it.each<[Partial<ChatCompletionRequest>, number]>([
    [{}, 1],
    [{ n: 3 }, 3],
  ])('asks for n choices: %j', (params, n) => {
    expect(convertChatRequest({ ...base, ...params })).toMatchObject({ ok: true, n });
  });

  it.each<[string, Partial<ChatCompletionRequest>, string]>([
    ['a top-level parameter', { prediction: { type: 'content', content: 'x' } }, 'prediction'],
    ['a content part', { messages: [{ role: 'user', content: [{ type: 'image_url', image_url: { url: 'data:,' } }] }] }, 'messages[0].content[0]'],
    ['parameters before messages', { function_call: 'auto', messages: [{ role: 'tool', content: 'r', tool_call_id: 'c' }] }, 'function_call'],
    ['a schema keyword no grammar enforces', { response_format: { type: 'json_schema', json_schema: { name: 's', schema: { type: 'string', pattern: 'a' } } } }, 'response_format.json_schema'],
  ])('refuses %s', (_name, params, param) => {
    const result = convertChatRequest({ ...base, ...params });
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.error).toMatchObject({ code: 'unsupported_parameter', param });
  });

  it.each<[string, Partial<ChatCompletionRequest>, string]>([
    ['a logit_bias key that is not a token id', { logit_bias: { hello: 1 } }, 'logit_bias'],
    ['top_logprobs without logprobs', { top_logprobs: 2 }, 'top_logprobs'],
    [
      'continuing a message with logprobs',
      { messages: [{ role: 'user', content: 'Hi' }, { role: 'assistant', content: 'Hel' }], continue_final_message: true, logprobs: true },
      'continue_final_message',
    ],
  ])('calls %s invalid', (_name, params, param) => {
    expect(convertChatRequest({ ...base, ...params })).toEqual({ ok: false, error: { code: 'invalid_request', param, message: expect.stringContaining(`'${param}'`) } });
  });
});
