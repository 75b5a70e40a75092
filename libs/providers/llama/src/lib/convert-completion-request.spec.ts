import { CompletionRequestSchema, validate, type CompletionRequest } from '@switchyard/openai';
import { convertCompletionRequest, type LlamaCompletionPlan } from './convert-completion-request';

const base: CompletionRequest = { model: 'local:stories260k', prompt: 'Once upon a time' };
const defaults: LlamaCompletionPlan = {
  prompts: ['Once upon a time'],
  n: 1,
  bestOf: 1,
  options: {
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
    maxTokens: 16,
    logprobs: undefined,
    echo: false,
    suffix: undefined,
  },
};

describe('convertCompletionRequest', () => {
  it('takes the nulls of a request (validated: not set) as the defaults', () => {
    const validated = validate(CompletionRequestSchema, { ...base, max_tokens: null, n: null, best_of: null, logprobs: null, echo: null, suffix: null, stop: null, top_k: null });
    if (!validated.ok) throw new Error(validated.problem.message);
    const body = validated.value;
    expect(convertCompletionRequest(body)).toEqual({ ok: true, plan: defaults });
  });

  it.each<[string, Partial<CompletionRequest>, Partial<LlamaCompletionPlan>, Partial<LlamaCompletionPlan['options']>]>([
    ["OpenAI's defaults (16 tokens)", {}, {}, {}],
    ['prompts', { prompt: ['a', 'b'] }, { prompts: ['a', 'b'] }, {}],
    ['a token-id prompt', { prompt: [1, 2, 3] }, { prompts: [[1, 2, 3]] }, {}],
    ['token-id prompts', { prompt: [[1, 2], [3]] }, { prompts: [[1, 2], [3]] }, {}],
    ['max_tokens 0', { max_tokens: 0, echo: true }, {}, { maxTokens: 0, echo: true }],
    ['n', { n: 3 }, { n: 3, bestOf: 3 }, {}],
    ['best_of above n', { n: 2, best_of: 5 }, { n: 2, bestOf: 5 }, {}],
    ['best_of 0 as n', { best_of: 0 }, { bestOf: 1 }, {}],
    ['logprobs 0', { logprobs: 0 }, {}, { logprobs: 0 }],
    ['logprobs 5', { logprobs: 5 }, {}, { logprobs: 5 }],
    ['a suffix', { suffix: 'The end.' }, {}, { suffix: 'The end.' }],
    ['an empty suffix as none', { suffix: '' }, {}, {}],
    ['sampling', { temperature: 0, top_p: 0.5, seed: 3, stop: '.', presence_penalty: 1, frequency_penalty: -1 }, {}, { temperature: 0, topP: 0.5, seed: 3, stop: ['.'], presencePenalty: 1, frequencyPenalty: -1 }],
    ['logit_bias', { logit_bias: { '5': -100 } }, {}, { logitBias: [{ token: 5, bias: -100 }] }],
    ['the local engines\' sampling', { top_k: 40, min_p: 0.05, repetition_penalty: 1.1 }, {}, { topK: 40, minP: 0.05, repetitionPenalty: 1.1 }],
    ['top_k -1 as off', { top_k: -1 }, {}, {}],
    ['ignored metadata', { user: 'u', stream: true, stream_options: { include_usage: true } }, {}, {}],
  ])('converts %s', (_name, params, plan, options) => {
    expect(convertCompletionRequest({ ...base, ...params })).toEqual({ ok: true, plan: { ...defaults, ...plan, options: { ...defaults.options, ...options } } });
  });
});
