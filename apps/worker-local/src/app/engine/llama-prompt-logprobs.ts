import type { LlamaContextSequence, Token } from 'node-llama-cpp';
import type { EngineEvent } from './inference-engine';
import { tokenLogprob, toLogprob, topAlternatives } from './token-logprobs';

/** Tokens of context given to the detokenizer, so a token's leading space comes out right. */
const DETOKENIZE_CONTEXT = 16;

/**
 * The next-token distribution after each of the prompt's tokens but the last. The prompt is
 * evaluated again from the start, one token at a time: each step feeds the next prompt token in
 * place of the sampled one (greedy, so the distributions are the model's own). node-llama-cpp's
 * batched `controlledEvaluate` would be faster on long prompts, but it tells its inputs apart with
 * `instanceof Array`, which fails for arrays from another realm (Jest's sandbox).
 */
async function distributions(sequence: LlamaContextSequence, prompt: readonly Token[]): Promise<(Map<Token, number> | undefined)[]> {
  await sequence.eraseContextTokenRanges([{ start: 0, end: sequence.nextTokenIndex }]);
  const out: (Map<Token, number> | undefined)[] = [];
  if (prompt.length < 2) return out;
  const steps = sequence.evaluateWithMetadata(prompt.slice(0, 1), { probabilities: true }, { temperature: 0 });
  try {
    let step = await steps.next();
    for (let i = 1; !step.done && i < prompt.length; i++) {
      out.push(step.value.probabilities);
      if (i < prompt.length - 1) step = await steps.next(prompt[i]);
    }
  } finally {
    await steps.return();
  }
  return out;
}

/**
 * The prompt's text as `echo` events with each token's log probability given the tokens before it
 * (text completions with `echo` and `logprobs`). The first token has none: usually it is the
 * beginning-of-sequence token, which has no text; otherwise its text comes first, in an event
 * without log probabilities. The sequence is left holding all of the prompt but its last token.
 */
export async function promptLogprobs(sequence: LlamaContextSequence, prompt: Token[], top: number): Promise<EngineEvent[]> {
  const model = sequence.model;
  const next = await distributions(sequence, prompt);
  const before = (i: number): Token[] => prompt.slice(Math.max(0, i - DETOKENIZE_CONTEXT), i);
  const events: EngineEvent[] = [];
  const first = model.detokenize(prompt.slice(0, 1), false);
  if (first !== '') events.push({ type: 'echo', text: first });
  const logprobs = prompt.slice(1).map((token, i) => {
    const distribution = next[i];
    const text = model.detokenize([token], false, before(i + 1));
    const alternatives = distribution ? topAlternatives(distribution, top, (t) => model.detokenize([t as Token], true, before(i + 1))) : [];
    return tokenLogprob(text, toLogprob(distribution?.get(token) ?? 0), alternatives);
  });
  if (logprobs.length > 0) events.push({ type: 'echo', text: logprobs.map((entry) => entry.token).join(''), logprobs });
  return events;
}
