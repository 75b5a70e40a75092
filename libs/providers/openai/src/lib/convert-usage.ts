import type { UsagePart } from '@switchyard/contracts';
import type { WireUsage } from './openai-wire.schema';

/** OpenAI's `CompletionUsage` → a usage part, with cached prompt and reasoning tokens when reported. */
export function convertUsage(usage: WireUsage): UsagePart {
  const part: UsagePart = { type: 'usage', promptTokens: usage.prompt_tokens, completionTokens: usage.completion_tokens };
  const cached = usage.prompt_tokens_details?.cached_tokens;
  if (cached != null) part.cachedPromptTokens = cached;
  const reasoning = usage.completion_tokens_details?.reasoning_tokens;
  if (reasoning != null) part.reasoningTokens = reasoning;
  return part;
}
