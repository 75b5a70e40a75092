import type { UsagePart } from '@switchyard/contracts';
import type { AnthropicUsage } from './anthropic-wire.schema';

/**
 * Anthropic usage → a usage part. Anthropic's `input_tokens` counts only the tokens after the last
 * cache breakpoint; OpenAI's `prompt_tokens` counts the whole prompt, so cache reads and cache writes
 * are added back in, and reported apart as well.
 * Reference: https://docs.anthropic.com/en/docs/build-with-claude/prompt-caching#tracking-cache-performance
 */
export function convertUsage(usage: AnthropicUsage): UsagePart {
  const cacheRead = usage.cache_read_input_tokens ?? undefined;
  const cacheWrite = usage.cache_creation_input_tokens ?? undefined;
  return {
    type: 'usage',
    promptTokens: usage.input_tokens + (cacheRead ?? 0) + (cacheWrite ?? 0),
    completionTokens: usage.output_tokens,
    ...(cacheRead === undefined ? {} : { cachedPromptTokens: cacheRead }),
    ...(cacheWrite === undefined ? {} : { cacheWritePromptTokens: cacheWrite }),
  };
}
