import type { LlamaContextSequence, LlamaGrammarEvaluationState, SequenceEvaluateOptions, Token, TokenBias } from 'node-llama-cpp';
import type { LlamaSampling } from '@switchyard/providers-llama';
import type { EngineEvent, GenerationScore } from './inference-engine';
import { PENALTY_WINDOW, toSequenceSamplingOptions } from './llama-generation-options';
import { StopSequenceBuffer } from './stop-sequence-buffer';
import { LogprobSpans, toLogprob, topAlternatives, type PendingLogprob } from './token-logprobs';

/** One generation run token by token on a sequence (text completions, and chat with logprobs). */
export interface TokenGeneration {
  /** The whole prompt, special tokens included; never empty. */
  prompt: Token[];
  /** Most tokens to sample (0: none). */
  maxTokens: number;
  sampling: LlamaSampling;
  tokenBias: TokenBias | undefined;
  /** A fresh grammar state when the output is constrained (JSON). */
  grammar: LlamaGrammarEvaluationState | undefined;
  /** Texts that end the generation, left out of the output: `stop`, and the chat template's or grammar's triggers. */
  stopTexts: readonly string[];
  /** Hold trailing whitespace and drop it at the end (grammars that pad their output). */
  trimTrailingWhitespace: boolean;
  /** Log probabilities: undefined for none, else the sampled token's and this many alternatives. */
  logprobs: number | undefined;
}

/** A sampled token with what was asked about its distribution. */
interface Sampled {
  token: Token;
  confidence?: number;
  probabilities?: Map<Token, number>;
}

/** Tokens of context given to the detokenizer, so a token's leading space comes out right. */
const DETOKENIZE_CONTEXT = 16;
/** Most tokens held while they form an incomplete UTF-8 character. */
const MAX_PARTIAL_TOKENS = 4;
const REPLACEMENT_CHARACTER = '\uFFFD';

/** Samples with only the metadata needed: probabilities cost a vocabulary-sized map per token. */
function sample(sequence: LlamaContextSequence, tokens: Token[], generation: TokenGeneration, options: SequenceEvaluateOptions): AsyncGenerator<Sampled, void, void | Token | Token[]> {
  if (generation.logprobs === undefined) return sequence.evaluateWithMetadata(tokens, {}, options);
  if (generation.logprobs === 0) return sequence.evaluateWithMetadata(tokens, { confidence: true }, options);
  return sequence.evaluateWithMetadata(tokens, { confidence: true, probabilities: true }, options);
}

/**
 * Generates on `sequence` with `evaluateWithMetadata`, which (unlike `LlamaChat` and
 * `LlamaCompletion`) reports each sampled token's probability. Yields `text` events (stop
 * sequences held back, incomplete characters joined) and one `end`. Log probabilities are those
 * of the distribution each token was drawn from, after `logit_bias`, penalties, `top_p` and
 * temperature (at temperature 0 or 1 with `top_p` 1, the model's own). The sequence keeps the
 * prompt's common prefix with what it evaluated before, so repeated prompts are not evaluated again.
 */
export async function* generateTokens(sequence: LlamaContextSequence, generation: TokenGeneration, signal: AbortSignal): AsyncGenerator<EngineEvent> {
  const model = sequence.model;
  const context: Token[] = [...generation.prompt];
  /** The last generated tokens, for presence and frequency penalties. */
  const recent: Token[] = [];
  const score: GenerationScore = { logprobSum: 0, tokens: 0 };
  const end = (stopReason: string): EngineEvent => ({
    type: 'end',
    stopReason,
    completionTokens: score.tokens,
    ...(generation.logprobs === undefined ? {} : { score }),
  });
  if (generation.maxTokens <= 0) return yield end('maxTokens');
  if (signal.aborted) return yield end('abort');

  await sequence.adaptStateToTokens(generation.prompt.slice(0, -1), false);
  const options: SequenceEvaluateOptions = {
    ...toSequenceSamplingOptions(generation.sampling, recent),
    tokenBias: generation.tokenBias,
    grammarEvaluationState: generation.grammar,
    yieldEogToken: true,
  };
  const buffer = new StopSequenceBuffer(generation.stopTexts, generation.trimTrailingWhitespace);
  const spans = new LogprobSpans();
  const textOf = (token: Token): string => model.detokenize([token], true, context.slice(-DETOKENIZE_CONTEXT));
  let partial: { tokens: Token[]; logprobs: PendingLogprob[] } = { tokens: [], logprobs: [] };
  let sent = 0;
  let stopReason = 'maxTokens';

  const detokenize = (): string => model.detokenize(partial.tokens, false, context.slice(-DETOKENIZE_CONTEXT));
  /** Offers the held tokens' text to the stop buffer. */
  const release = (text: string): { emit: string; stopped: boolean } => {
    context.push(...partial.tokens);
    spans.add(partial.logprobs, text);
    partial = { tokens: [], logprobs: [] };
    return buffer.push(text);
  };
  const textEvent = (text: string, final: boolean): EngineEvent => {
    sent += text.length;
    const logprobs = generation.logprobs === undefined ? {} : { logprobs: spans.release(sent, final) };
    return { type: 'text', text, completionTokens: score.tokens, ...logprobs };
  };

  for await (const output of sample(sequence, generation.prompt.slice(sequence.nextTokenIndex), generation, options)) {
    score.tokens++;
    if (output.confidence !== undefined) score.logprobSum += toLogprob(output.confidence);
    if (model.isEogToken(output.token)) {
      stopReason = 'eogToken';
      break;
    }
    recent.push(output.token);
    if (recent.length > PENALTY_WINDOW) recent.shift();
    partial.tokens.push(output.token);
    if (output.confidence !== undefined) {
      const alternatives = output.probabilities ? topAlternatives(output.probabilities, generation.logprobs ?? 0, (t) => textOf(t as Token)) : [];
      partial.logprobs.push({ logprob: toLogprob(output.confidence), alternatives });
    }
    const text = detokenize();
    const incomplete = text.endsWith(REPLACEMENT_CHARACTER) && partial.tokens.length < MAX_PARTIAL_TOKENS;
    if (!incomplete) {
      const { emit, stopped } = release(text);
      if (emit !== '') yield textEvent(emit, stopped);
      if (stopped) {
        stopReason = 'customStopTrigger';
        break;
      }
    }
    if (score.tokens >= generation.maxTokens) break;
    if (signal.aborted) {
      stopReason = 'abort';
      break;
    }
  }
  if (stopReason !== 'customStopTrigger') {
    const tail = partial.tokens.length > 0 ? release(detokenize()) : { emit: '', stopped: false };
    if (tail.stopped) stopReason = 'customStopTrigger';
    const last = textEvent(tail.stopped ? tail.emit : tail.emit + buffer.flush(), true);
    if (last.type === 'text' && (last.text !== '' || (last.logprobs?.length ?? 0) > 0)) yield last;
  }
  yield end(stopReason);
}
