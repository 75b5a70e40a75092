import { chatCompletionId, randomId, textCompletionId } from './ids';

describe('chatCompletionId', () => {
  it('looks like an OpenAI id: chatcmpl- and 24 base62 characters', () => {
    expect(chatCompletionId()).toMatch(/^chatcmpl-[A-Za-z0-9]{24}$/);
  });

  it('never repeats over many ids', () => {
    const ids = Array.from({ length: 10_000 }, chatCompletionId);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids.every((id) => /^chatcmpl-[A-Za-z0-9]{24}$/.test(id))).toBe(true);
  });
});

describe('randomId', () => {
  it.each([0, 1, 8, 24, 64, 5_000])('has exactly %i base62 characters', (length) => {
    expect(randomId(length)).toMatch(new RegExp(`^[A-Za-z0-9]{${length}}$`));
  });

  it('uses the whole base62 alphabet', () => {
    const seen = new Set(Array.from({ length: 2_000 }, () => randomId()).join(''));
    expect(seen.size).toBe(62);
  });
});

describe('textCompletionId', () => {
  it('looks like an OpenAI text completion id: cmpl- and 24 base62 characters', () => {
    expect(textCompletionId()).toMatch(/^cmpl-[A-Za-z0-9]{24}$/);
  });
});
