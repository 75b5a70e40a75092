import { ChatCompletionRequestSchema } from './chat-request.schema';
import { asksFor, requestedSamplingExtensions } from './sampling-extensions';
import { validate } from './validation';

const minimal = { model: 'auto', messages: [{ role: 'user', content: 'Hi' }] };

describe('sampling extensions', () => {
  it.each<[string, Record<string, number | null>, string[]]>([
    ['none', {}, []],
    ['nulls', { top_k: null, min_p: null, repetition_penalty: null }, []],
    ['the values that mean off', { top_k: -1, min_p: 0, repetition_penalty: 1 }, []],
    ['top_k 0 (off)', { top_k: 0 }, []],
    ['each of them', { repetition_penalty: 1.1, top_k: 40, min_p: 0.05 }, ['top_k', 'min_p', 'repetition_penalty']],
    ['a penalty below 1 (it favours repeats, but asks for something)', { repetition_penalty: 0.9 }, ['repetition_penalty']],
  ])('lists what a request asks for: %s', (_name, body, expected) => {
    expect(requestedSamplingExtensions(body)).toEqual(expected);
  });

  it('tells a value that asks for something', () => {
    expect(asksFor('top_k', 1)).toBe(true);
    expect(asksFor('top_k', -1)).toBe(false);
    expect(asksFor('min_p', undefined)).toBe(false);
  });

  it.each<[string, Record<string, number>, string]>([
    ['top_k below -1', { top_k: -2 }, 'top_k'],
    ['top_k not an integer', { top_k: 2.5 }, 'top_k'],
    ['min_p above 1', { min_p: 1.5 }, 'min_p'],
    ['repetition_penalty 0', { repetition_penalty: 0 }, 'repetition_penalty'],
    ['repetition_penalty above 2', { repetition_penalty: 2.5 }, 'repetition_penalty'],
  ])('refuses %s, naming it', (_name, params, param) => {
    const result = validate(ChatCompletionRequestSchema, { ...minimal, ...params });
    expect(result).toEqual({ ok: false, problem: { param, message: expect.stringContaining(`'${param}'`) } });
  });
});
