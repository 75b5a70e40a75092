import { completionPrompts, CompletionRequestSchema } from './completion-request.schema';
import { embeddingInputs, EmbeddingRequestSchema } from './embedding-request.schema';
import { validate } from './validation';

describe('CompletionRequestSchema', () => {
  it.each([
    ['a string prompt', { model: 'm', prompt: 'Once' }],
    ['several prompts', { model: 'm', prompt: ['a', 'b'], n: 2, best_of: 3, echo: true, logprobs: 5, max_tokens: 0 }],
    ['token ids', { model: 'm', prompt: [1, 2, 3], suffix: 'end', stop: ['\n'], logit_bias: { '50256': -100 } }],
    ['lists of token ids', { model: 'm', prompt: [[1, 2], [3]], stream: true, stream_options: { include_usage: true } }],
  ])('accepts %s', (_name, body) => {
    expect(validate(CompletionRequestSchema, body)).toMatchObject({ ok: true });
  });

  it.each<[string, Record<string, unknown>, string | null, RegExp]>([
    ['no prompt', { model: 'm' }, 'prompt', /prompt/],
    ['logprobs above 5', { model: 'm', prompt: 'x', logprobs: 6 }, 'logprobs', /5/],
    ['best_of below n', { model: 'm', prompt: 'x', n: 3, best_of: 2 }, 'best_of', /greater than or equal to n/],
    ['best_of with stream', { model: 'm', prompt: 'x', best_of: 2, stream: true }, 'best_of', /stream/],
    ['a chat parameter', { model: 'm', prompt: 'x', messages: [] }, null, /messages/],
    ['a logit_bias key that is not a token id', { model: 'm', prompt: 'x', logit_bias: { hello: 1 } }, 'logit_bias.hello', /Invalid key/],
  ])('refuses %s, naming the parameter', (_name, body, param, message) => {
    const result = validate(CompletionRequestSchema, body);
    expect(result.ok).toBe(false);
    if (!result.ok) {
      if (param !== null) expect(result.problem.param).toBe(param);
      expect(result.problem.message).toMatch(message);
    }
  });

  it('takes every optional parameter set to null as not set', () => {
    const nulls = { best_of: null, echo: null, frequency_penalty: null, logit_bias: null, logprobs: null, max_tokens: null, n: null, presence_penalty: null, seed: null, stop: null, stream: null, stream_options: null, suffix: null, temperature: null, top_p: null, user: null, top_k: null, min_p: null, repetition_penalty: null };
    expect(validate(CompletionRequestSchema, { model: 'm', prompt: 'x', ...nulls })).toEqual({ ok: true, value: { model: 'm', prompt: 'x' } });
  });

  it.each([
    ['model', { model: null, prompt: 'x' }],
    ['prompt', { model: 'm', prompt: null }],
  ])('refuses a null %s, naming it', (param, body) => {
    expect(validate(CompletionRequestSchema, body)).toEqual({ ok: false, problem: { param, message: expect.stringMatching(/received null$/) } });
  });

  it('lists prompts: a string or token list is one prompt, arrays of them are several', () => {
    expect(completionPrompts('a')).toEqual(['a']);
    expect(completionPrompts([1, 2])).toEqual([[1, 2]]);
    expect(completionPrompts(['a', 'b'])).toEqual(['a', 'b']);
    expect(completionPrompts([[1], [2, 3]])).toEqual([[1], [2, 3]]);
  });
});

describe('EmbeddingRequestSchema', () => {
  it('takes every optional parameter set to null as not set', () => {
    const body = { model: 'm', input: 'x', encoding_format: null, dimensions: null, user: null };
    expect(validate(EmbeddingRequestSchema, body)).toEqual({ ok: true, value: { model: 'm', input: 'x' } });
  });

  it.each([
    ['model', { model: null, input: 'x' }],
    ['input', { model: 'm', input: null }],
  ])('refuses a null %s, naming it', (param, body) => {
    expect(validate(EmbeddingRequestSchema, body)).toEqual({ ok: false, problem: { param, message: expect.stringMatching(/received null$/) } });
  });

  it.each([
    ['a string', { model: 'm', input: 'hello' }],
    ['strings, base64', { model: 'm', input: ['a', 'b'], encoding_format: 'base64' }],
    ['token ids with dimensions', { model: 'm', input: [1, 2], dimensions: 256, user: 'u1' }],
  ])('accepts %s', (_name, body) => {
    expect(validate(EmbeddingRequestSchema, body)).toMatchObject({ ok: true });
  });

  it.each<[string, Record<string, unknown>, RegExp]>([
    ['an empty string', { model: 'm', input: '' }, /empty/],
    ['an empty string among others', { model: 'm', input: ['a', ''] }, /empty/],
    ['an unknown encoding', { model: 'm', input: 'a', encoding_format: 'int8' }, /encoding_format|float|base64/],
    ['zero dimensions', { model: 'm', input: 'a', dimensions: 0 }, /dimensions|1/],
  ])('refuses %s', (_name, body, message) => {
    const result = validate(EmbeddingRequestSchema, body);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(`${result.problem.param} ${result.problem.message}`).toMatch(message);
  });

  it('lists inputs the same way as prompts', () => {
    expect(embeddingInputs('a')).toEqual(['a']);
    expect(embeddingInputs([5, 6])).toEqual([[5, 6]]);
    expect(embeddingInputs(['a', 'b'])).toEqual(['a', 'b']);
  });
});
