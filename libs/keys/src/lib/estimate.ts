import { estimateCompletionTokens, estimatePromptTokens } from '@switchyard/openai';

/**
 * Tokens to reserve for a request before it runs (its body, validated or not): the prompt's estimate and the
 * most completion tokens it may produce (`estimatePromptTokens`, `estimateCompletionTokens`, with
 * `defaultCompletionTokens` for a chat that sets no cap). The real usage replaces it when the answer ends.
 */
export function estimateRequestTokens(body: unknown, defaultCompletionTokens: number): number {
  return estimatePromptTokens(body) + estimateCompletionTokens(body, defaultCompletionTokens);
}
