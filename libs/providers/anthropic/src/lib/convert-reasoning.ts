import type { ErrorPart } from '@switchyard/contracts';
import type { ChatCompletionRequest } from '@switchyard/openai';
import type { AnthropicMessagesRequest } from './anthropic-messages-request';
import { unsupportedParameter } from './request-errors';

/** Tokens of thinking each `reasoning_effort` allows (Anthropic's smallest budget is 1,024). */
export const THINKING_BUDGETS = { low: 1_024, medium: 4_096, high: 16_384, xhigh: 32_768 } as const;

/** Anthropic's smallest thinking budget. */
const MIN_BUDGET = 1_024;

/** Extended thinking for the request, the parameters dropped on the way, or why the two cannot go together. */
export type ThinkingConversion = { ok: true; thinking?: AnthropicMessagesRequest['thinking']; dropped: string[] } | { ok: false; error: ErrorPart };

const WHY = "Anthropic's extended thinking (asked for by 'reasoning_effort')";

/**
 * `reasoning_effort` as Anthropic's extended thinking: `low`, `medium`, `high` and `xhigh` enable it with the budget of
 * `THINKING_BUDGETS`, kept below `maxTokens` (which counts the thinking, as OpenAI's `max_completion_tokens` counts
 * reasoning); `none` asks for nothing. `minimal`, or a `maxTokens` too small for the smallest budget, drops it.
 * Thinking refuses what Anthropic refuses with it: a temperature other than 1, `top_p` below 0.95, `top_k`, and a
 * forced tool choice.
 */
export function convertReasoning(request: ChatCompletionRequest, maxTokens: number): ThinkingConversion {
  const effort = request.reasoning_effort;
  if (effort === undefined || effort === 'none') return { ok: true, dropped: [] };
  if (effort === 'minimal') return { ok: true, dropped: ['reasoning_effort'] };
  const budget = Math.min(THINKING_BUDGETS[effort], maxTokens - 1);
  if (budget < MIN_BUDGET) return { ok: true, dropped: ['reasoning_effort'] };
  if (request.temperature !== undefined && request.temperature !== 1) return { ok: false, error: unsupportedParameter('temperature', `${WHY} needs temperature 1`) };
  if (request.top_p !== undefined && request.top_p < 0.95) return { ok: false, error: unsupportedParameter('top_p', `${WHY} needs top_p of 0.95 or more`) };
  if (request.top_k !== undefined && request.top_k > 0) return { ok: false, error: unsupportedParameter('top_k', `${WHY} takes no top_k`) };
  const choice = request.tool_choice;
  if (choice === 'required' || (typeof choice === 'object' && choice !== null)) return { ok: false, error: unsupportedParameter('tool_choice', `${WHY} lets the model choose: only 'auto' or 'none'`) };
  return { ok: true, thinking: { type: 'enabled', budget_tokens: budget }, dropped: [] };
}
