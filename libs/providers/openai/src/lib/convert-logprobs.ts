import type { TokenLogprob } from '@switchyard/openai';
import type { WireChoiceLogprobs } from './openai-wire.schema';

/**
 * A choice's `logprobs.content` → token log probabilities, or undefined when there are none.
 * Servers that omit `bytes` or `top_logprobs` get OpenAI's null and empty list.
 */
export function convertLogprobs(logprobs: WireChoiceLogprobs | null | undefined): TokenLogprob[] | undefined {
  const content = logprobs?.content;
  if (!content || content.length === 0) return undefined;
  return content.map((entry) => ({
    token: entry.token,
    logprob: entry.logprob,
    bytes: entry.bytes ?? null,
    top_logprobs: (entry.top_logprobs ?? []).map((top) => ({ token: top.token, logprob: top.logprob, bytes: top.bytes ?? null })),
  }));
}
