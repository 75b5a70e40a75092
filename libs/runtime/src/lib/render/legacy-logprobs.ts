import type { CompletionLogprobs, TokenLogprob } from '@switchyard/openai';

/** Empty legacy logprobs, to append tokens to. */
export function emptyLegacyLogprobs(): CompletionLogprobs {
  return { tokens: [], token_logprobs: [], top_logprobs: [], text_offset: [] };
}

/**
 * Appends tokens in chat form to legacy text-completion logprobs. `offset` is where the first token
 * starts in the choice's text; each next token starts where the previous one ended. Returns the
 * offset after the last token.
 */
export function appendLegacyLogprobs(target: CompletionLogprobs, tokens: readonly TokenLogprob[], offset: number): number {
  let at = offset;
  for (const token of tokens) {
    target.tokens.push(token.token);
    target.token_logprobs.push(token.logprob);
    target.top_logprobs.push(Object.fromEntries(token.top_logprobs.map((alt) => [alt.token, alt.logprob])));
    target.text_offset.push(at);
    at += token.token.length;
  }
  return at;
}
