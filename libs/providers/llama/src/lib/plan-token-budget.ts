/** How many tokens a generation may produce, or why it cannot start. */
export type TokenBudget =
  | { ok: true; maxTokens: number }
  | { ok: false; code: 'context_length_exceeded'; param: 'messages' | 'prompt'; message: string };

/**
 * The completion budget for a prompt of `promptTokens` in a context of `contextSize` tokens: the
 * requested maximum, clamped to what fits after the prompt (so the model never shifts its context
 * mid-answer); what fits when no maximum was asked. A prompt that leaves no room is refused, naming
 * `param` (`messages` for chat, `prompt` for text completions).
 */
export function planTokenBudget(
  promptTokens: number,
  contextSize: number,
  requested: number | undefined,
  param: 'messages' | 'prompt' = 'messages',
): TokenBudget {
  const available = contextSize - promptTokens;
  if (available < 1) {
    const what = param === 'messages' ? 'the messages take' : 'the prompt takes';
    return {
      ok: false,
      code: 'context_length_exceeded',
      param,
      message: `This model's maximum context length is ${contextSize} tokens, but ${what} ${promptTokens} tokens, leaving no room for a completion. Shorten the ${param}.`,
    };
  }
  return { ok: true, maxTokens: requested === undefined ? available : Math.min(requested, available) };
}
