import type { ChatCompletionRequest } from '@switchyard/openai';
import { convertMessages } from './convert-messages';
import { findUnsupportedParameter } from './find-unsupported-parameter';
import type { LlamaGenerationInput } from './llama-generation-input';
import type { UnsupportedParameter } from './unsupported-parameter';

/** The outcome of converting a request: generation input, or the parameter that cannot be honoured. */
export type ChatRequestConversion = { ok: true; input: LlamaGenerationInput } | { ok: false; error: UnsupportedParameter };

/** OpenAI's sampling defaults, applied when a parameter is absent or null. */
const DEFAULTS = { temperature: 1, topP: 1, presencePenalty: 0, frequencyPenalty: 0 } as const;

/** `stop` as a list; empty strings would stop before anything is generated, so they mean nothing. */
function stopList(stop: ChatCompletionRequest['stop']): string[] {
  if (stop === undefined || stop === null) return [];
  return (typeof stop === 'string' ? [stop] : stop).filter((s) => s !== '');
}

/**
 * Converts a validated OpenAI chat request into the local worker's generation input, or refuses the
 * first parameter it cannot honour (checked before the messages, in a fixed order).
 */
export function convertChatRequest(request: ChatCompletionRequest): ChatRequestConversion {
  const unsupported = findUnsupportedParameter(request);
  if (unsupported) return { ok: false, error: unsupported };
  const messages = convertMessages(request.messages);
  if (!messages.ok) return messages;
  return {
    ok: true,
    input: {
      history: messages.history,
      maxTokens: request.max_completion_tokens ?? request.max_tokens ?? undefined,
      temperature: request.temperature ?? DEFAULTS.temperature,
      topP: request.top_p ?? DEFAULTS.topP,
      stop: stopList(request.stop),
      seed: request.seed ?? undefined,
      presencePenalty: request.presence_penalty ?? DEFAULTS.presencePenalty,
      frequencyPenalty: request.frequency_penalty ?? DEFAULTS.frequencyPenalty,
    },
  };
}
