import { usageOf } from './chat-response';

describe('usageOf', () => {
  it.each([
    [0, 0, 0],
    [12, 5, 17],
    [1_000_000, 1, 1_000_001],
  ])('counts %i prompt and %i completion tokens as %i in total', (prompt, completion, total) => {
    expect(usageOf(prompt, completion)).toEqual({ prompt_tokens: prompt, completion_tokens: completion, total_tokens: total });
  });
});
