import type { ChatCompletionRequest } from '@switchyard/openai';
import { convertMessages } from './convert-messages';
import { convertResponseFormat } from './convert-response-format';
import { convertSampling } from './convert-sampling';
import { convertTools } from './convert-tools';
import { findUnsupportedParameter } from './find-unsupported-parameter';
import type { LlamaGenerationInput } from './llama-generation-input';
import { invalidParameter, type ParameterProblem } from './unsupported-parameter';

/** The outcome of converting a request: generation input and choice count, or the parameter that cannot be honoured. */
export type ChatRequestConversion = { ok: true; input: LlamaGenerationInput; n: number } | { ok: false; error: ParameterProblem };

/** Log probabilities asked for: undefined, or how many alternatives per token (`top_logprobs`). */
function logprobsOf(request: ChatCompletionRequest): { ok: true; logprobs: number | undefined } | { ok: false; error: ParameterProblem } {
  const top = request.top_logprobs ?? 0;
  if (request.logprobs === true) return { ok: true, logprobs: top };
  if (top > 0) return { ok: false, error: invalidParameter('top_logprobs', "requires 'logprobs' to be true") };
  return { ok: true, logprobs: undefined };
}

/**
 * Converts a validated OpenAI chat request into the local worker's generation input, or refuses the
 * first parameter it cannot honour (checked before the messages, in a fixed order). Each of the `n`
 * choices is one generation of this input.
 */
export function convertChatRequest(request: ChatCompletionRequest): ChatRequestConversion {
  const unsupported = findUnsupportedParameter(request);
  if (unsupported) return { ok: false, error: unsupported };
  const sampling = convertSampling(request);
  if (!sampling.ok) return sampling;
  const logprobs = logprobsOf(request);
  if (!logprobs.ok) return logprobs;
  const format = convertResponseFormat(request.response_format);
  if (!format.ok) return format;
  const tools = convertTools(request);
  if (!tools.ok) return tools;
  const messages = convertMessages(request.messages);
  if (!messages.ok) return messages;
  const continueFinalMessage = request.continue_final_message === true;
  if (continueFinalMessage && logprobs.logprobs !== undefined) return { ok: false, error: invalidParameter('continue_final_message', 'cannot be used with logprobs on a local model') };
  if (continueFinalMessage && tools.tools?.mode === 'required') return { ok: false, error: invalidParameter('continue_final_message', "cannot be used with a tool_choice that forces a call") };
  return {
    ok: true,
    n: request.n ?? 1,
    input: {
      ...sampling.sampling,
      history: messages.history,
      continueFinalMessage,
      maxTokens: request.max_completion_tokens ?? request.max_tokens ?? undefined,
      logprobs: logprobs.logprobs,
      format: format.format,
      tools: tools.tools,
      parallelToolCalls: request.parallel_tool_calls !== false,
    },
  };
}
