import type { FinishPart, UsagePart } from '@switchyard/contracts';

/** Anthropic's `stop_reason` for a choice's OpenAI finish reason. */
export function stopReasonOf(reason: FinishPart['reason']): string {
  switch (reason) {
    case 'length':
      return 'max_tokens';
    case 'tool_calls':
    case 'function_call':
      return 'tool_use';
    case 'content_filter':
      return 'refusal';
    default:
      return 'end_turn';
  }
}

/** Anthropic's usage object: the tokens a backend counted, with cache reads and writes when it reported them. */
export function messageUsage(part: UsagePart | undefined): Record<string, number> {
  const usage: Record<string, number> = { input_tokens: part?.promptTokens ?? 0, output_tokens: part?.completionTokens ?? 0 };
  if (part?.cacheWritePromptTokens !== undefined) usage['cache_creation_input_tokens'] = part.cacheWritePromptTokens;
  if (part?.cachedPromptTokens !== undefined) usage['cache_read_input_tokens'] = part.cachedPromptTokens;
  return usage;
}

/** Tool-call arguments as the `input` object a `tool_use` block carries; `{}` for arguments that are not a JSON object. */
export function toolInput(text: string): Record<string, unknown> {
  try {
    const value: unknown = JSON.parse(text === '' ? '{}' : text);
    return value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
  } catch {
    return {};
  }
}
