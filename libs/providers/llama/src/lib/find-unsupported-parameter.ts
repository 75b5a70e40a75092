import type { ChatCompletionRequest } from '@switchyard/openai';
import { findRefusedParameter, type SupportTable } from './parameter-support';
import type { UnsupportedParameter } from './unsupported-parameter';

/**
 * Every parameter of OpenAI's chat request, and what the local worker does with it. The mapped
 * type makes the table exhaustive: a parameter added to the schema does not compile until it is
 * classified here, so nothing is ever dropped silently. Values the worker must check against the
 * model (token ids in `logit_bias`, a JSON schema's keywords) are checked by `convertChatRequest`
 * and the worker.
 */
const PARAMETERS: SupportTable<ChatCompletionRequest> = {
  model: 'honoured',
  messages: 'honoured',
  max_tokens: 'honoured',
  max_completion_tokens: 'honoured',
  temperature: 'honoured',
  top_p: 'honoured',
  stop: 'honoured',
  seed: 'honoured',
  presence_penalty: 'honoured',
  frequency_penalty: 'honoured',
  n: 'honoured',
  response_format: 'honoured',
  logprobs: 'honoured',
  top_logprobs: 'honoured',
  logit_bias: 'honoured',
  top_k: 'honoured',
  min_p: 'honoured',
  repetition_penalty: 'honoured',
  tools: 'honoured',
  tool_choice: 'honoured',
  continue_final_message: 'honoured',
  functions: { when: () => true, why: 'local models do not support function calling' },
  function_call: { when: (call) => call !== 'none', why: "local models do not support function calling (only 'none' is accepted)" },
  audio: { when: () => true, why: 'local models do not produce audio' },
  modalities: { when: (modalities) => modalities.includes('audio'), why: 'local models produce text only' },
  prediction: { when: () => true, why: 'local models do not support predicted outputs' },
  web_search_options: { when: () => true, why: 'local models cannot search the web' },
  moderation: { when: () => true, why: 'local models do not run moderation' },
  stream: 'ignored',
  stream_options: 'ignored',
  parallel_tool_calls: 'honoured',
  user: 'ignored',
  safety_identifier: 'ignored',
  prompt_cache_key: 'ignored',
  prompt_cache_retention: 'ignored',
  prompt_cache_options: 'ignored',
  metadata: 'ignored',
  store: 'ignored',
  service_tier: 'ignored',
  reasoning_effort: 'ignored',
  verbosity: 'ignored',
};

/**
 * The first top-level parameter of a chat `request` the local worker cannot honour, or undefined.
 * Null and absent values mean "not asked for" and always pass.
 */
export function findUnsupportedParameter(request: ChatCompletionRequest): UnsupportedParameter | undefined {
  return findRefusedParameter(PARAMETERS, request);
}
