import { COMPLETION_DEFAULT_MAX_TOKENS, completionPrompts, type CompletionRequest } from '@switchyard/openai';
import { convertSampling } from './convert-sampling';
import { findUnsupportedCompletionParameter } from './find-unsupported-completion-parameter';
import type { LlamaSampling } from './llama-generation-input';
import type { ParameterProblem } from './unsupported-parameter';

/** One prompt of a text completion: text, or token ids of the local model's tokenizer. */
export type LlamaPrompt = string | number[];

/** How to complete each prompt, with OpenAI's defaults applied. */
export interface LlamaCompletionOptions extends LlamaSampling {
  /** Most tokens to generate per choice (OpenAI's default 16; 0 generates nothing, for `echo`). */
  maxTokens: number;
  /** Log probabilities to return: undefined for none, else the sampled token's and this many alternatives (0..5). */
  logprobs: number | undefined;
  /** The prompt comes first in each choice's text. */
  echo: boolean;
  /** Text after the completion (fill-in-the-middle); only models with infill tokens take it. */
  suffix: string | undefined;
}

/** A text completion request as the local worker runs it: `bestOf` generations per prompt, of which the `n` best are returned. */
export interface LlamaCompletionPlan {
  prompts: LlamaPrompt[];
  /** Choices returned per prompt; choice `i` of prompt `p` has index `p * n + i`, as OpenAI. */
  n: number;
  /** Generations per prompt (≥ n); when more than `n`, the `n` with the highest mean token log probability are returned. */
  bestOf: number;
  options: LlamaCompletionOptions;
}

/** Converts a validated legacy completion request (`POST /v1/completions`) into the local worker's plan. */
export function convertCompletionRequest(request: CompletionRequest): { ok: true; plan: LlamaCompletionPlan } | { ok: false; error: ParameterProblem } {
  const unsupported = findUnsupportedCompletionParameter(request);
  if (unsupported) return { ok: false, error: unsupported };
  const sampling = convertSampling(request);
  if (!sampling.ok) return sampling;
  const n = request.n ?? 1;
  return {
    ok: true,
    plan: {
      prompts: completionPrompts(request.prompt),
      n,
      bestOf: Math.max(request.best_of ?? n, n),
      options: {
        ...sampling.sampling,
        maxTokens: request.max_tokens ?? COMPLETION_DEFAULT_MAX_TOKENS,
        logprobs: request.logprobs ?? undefined,
        echo: request.echo ?? false,
        suffix: request.suffix || undefined,
      },
    },
  };
}
