import type { ChatCompletionRequest } from '@switchyard/openai';
import { unsupportedParameter, type UnsupportedParameter } from './unsupported-parameter';

type Params = Required<ChatCompletionRequest>;

/** How the local worker treats one request parameter. */
type Support<K extends keyof Params> =
  /** Turned into generation settings (see `convertChatRequest`). */
  | 'honoured'
  /** Metadata or a hint that changes nothing about the output; accepted and ignored. */
  | 'ignored'
  /** Refused when `when` holds for its (non-null) value. */
  | { when: (value: NonNullable<Params[K]>) => boolean; why: string };

/**
 * Every parameter of OpenAI's chat request, and what the local worker does with it. The mapped
 * type makes the table exhaustive: a parameter added to the schema does not compile until it is
 * classified here, so nothing is ever dropped silently.
 */
const PARAMETERS: { [K in keyof Params]: Support<K> } = {
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
  n: { when: (n) => n > 1, why: 'local models generate one choice per request (n must be 1)' },
  tools: { when: (tools) => tools.length > 0, why: 'local models do not support tool calling' },
  tool_choice: { when: (choice) => choice !== 'none', why: "local models do not support tool calling (only 'none' is accepted)" },
  functions: { when: () => true, why: 'local models do not support function calling' },
  function_call: { when: (call) => call !== 'none', why: "local models do not support function calling (only 'none' is accepted)" },
  response_format: { when: (format) => format.type !== 'text', why: 'local models do not support JSON output modes' },
  logprobs: { when: (enabled) => enabled, why: 'local models do not return log probabilities' },
  top_logprobs: { when: (count) => count > 0, why: 'local models do not return log probabilities' },
  logit_bias: { when: (bias) => Object.keys(bias).length > 0, why: "token ids are specific to OpenAI's tokenizer" },
  audio: { when: () => true, why: 'local models do not produce audio' },
  modalities: { when: (modalities) => modalities.includes('audio'), why: 'local models produce text only' },
  prediction: { when: () => true, why: 'local models do not support predicted outputs' },
  web_search_options: { when: () => true, why: 'local models cannot search the web' },
  moderation: { when: () => true, why: 'local models do not run moderation' },
  stream: 'ignored',
  stream_options: 'ignored',
  parallel_tool_calls: 'ignored',
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
 * The first top-level parameter of `request` the local worker cannot honour, or undefined.
 * Null and absent values mean "not asked for" and always pass.
 */
export function findUnsupportedParameter(request: ChatCompletionRequest): UnsupportedParameter | undefined {
  for (const key of Object.keys(PARAMETERS) as (keyof Params)[]) {
    const support = PARAMETERS[key] as Support<typeof key>;
    const value = request[key];
    if (typeof support === 'string' || value === undefined || value === null) continue;
    if (support.when(value as NonNullable<Params[typeof key]>)) return unsupportedParameter(key, support.why);
  }
  return undefined;
}
