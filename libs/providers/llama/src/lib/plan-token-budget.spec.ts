import { planTokenBudget, type TokenBudget } from './plan-token-budget';

describe('planTokenBudget', () => {
  it.each<[string, number, number, number | undefined, TokenBudget]>([
    ['the requested maximum when it fits', 56, 512, 5, { ok: true, maxTokens: 5 }],
    ['everything that fits when none is asked', 56, 512, undefined, { ok: true, maxTokens: 456 }],
    ['a maximum clamped to what fits', 56, 512, 10_000, { ok: true, maxTokens: 456 }],
    ['exactly what fits', 56, 512, 456, { ok: true, maxTokens: 456 }],
    ['one token of room', 511, 512, undefined, { ok: true, maxTokens: 1 }],
  ])('allows %s', (_name, prompt, context, requested, expected) => {
    expect(planTokenBudget(prompt, context, requested)).toEqual(expected);
  });

  it.each<[string, number, number]>([
    ['a prompt that fills the context', 512, 512],
    ['a prompt larger than the context', 900, 512],
  ])('refuses %s', (_name, prompt, context) => {
    const budget = planTokenBudget(prompt, context, 5);
    expect(budget).toEqual({ ok: false, code: 'context_length_exceeded', param: 'messages', message: expect.stringContaining(`${context} tokens`) });
  });

  it('names the prompt of a text completion', () => {
    expect(planTokenBudget(600, 512, 16, 'prompt')).toEqual({ ok: false, code: 'context_length_exceeded', param: 'prompt', message: expect.stringContaining('the prompt takes 600 tokens') });
  });

  it('allows a budget of 0 (echo only)', () => {
    expect(planTokenBudget(10, 512, 0, 'prompt')).toEqual({ ok: true, maxTokens: 0 });
  });
});
