import type { ErrorPart } from '@switchyard/contracts';
import { asksFor, type ChatCompletionRequest } from '@switchyard/openai';
import { unsupportedParameter } from './request-errors';

type Params = Required<ChatCompletionRequest>;

/** What the Anthropic adapter does with one request parameter (null and absent values always pass). */
type Treatment<K extends keyof Params> =
  /** Turned into a Messages API field by `buildMessagesRequest` (or meaningless for Anthropic). */
  | 'converted'
  /** No Anthropic equivalent, and losing it changes nothing essential: dropped, named in `dropped`. */
  | 'dropped'
  /** Dropped and named only for the values that ask for something (`store: true`). */
  | { dropWhen: (value: NonNullable<Params[K]>) => boolean }
  /** Refused for the values Anthropic cannot honour: dropping them would change the answer. */
  | { refuseWhen: (value: NonNullable<Params[K]>) => boolean; why: string };

/**
 * Every parameter of OpenAI's chat request and what becomes of it on the way to Anthropic. The mapped
 * type keeps the table exhaustive: a parameter added to the schema does not compile until it is
 * classified here. The README's decision table explains each entry.
 */
const PARAMETERS: { [K in keyof Params]: Treatment<K> } = {
  model: 'converted',
  messages: 'converted',
  // A final assistant message is Anthropic's prefill: the answer goes on from it.
  continue_final_message: 'converted',
  stream: 'converted',
  stream_options: 'converted', // usage is always reported
  max_tokens: 'converted',
  max_completion_tokens: 'converted',
  temperature: {
    refuseWhen: (t) => t > 1,
    why: "Anthropic's temperature ranges from 0 to 1; OpenAI's values above 1 have no equivalent",
  },
  top_p: 'converted',
  stop: 'converted',
  n: { refuseWhen: (n) => n > 1, why: 'Anthropic generates one choice per request (n must be 1)' },
  tools: 'converted',
  tool_choice: 'converted', // refused by convertTools when it has no Anthropic form
  parallel_tool_calls: 'converted',
  functions: { refuseWhen: () => true, why: "the deprecated functions API is not supported; use 'tools'" },
  function_call: { refuseWhen: (call) => call !== 'none', why: "the deprecated functions API is not supported; use 'tool_choice'" },
  response_format: {
    refuseWhen: (format) => format.type !== 'text',
    why: 'Anthropic has no JSON mode; ask for JSON in the prompt or use a tool',
  },
  logprobs: { refuseWhen: (enabled) => enabled, why: 'Anthropic does not return log probabilities' },
  top_logprobs: { refuseWhen: (count) => count > 0, why: 'Anthropic does not return log probabilities' },
  logit_bias: { refuseWhen: (bias) => Object.keys(bias).length > 0, why: "token ids are specific to OpenAI's tokenizer" },
  audio: { refuseWhen: () => true, why: 'Anthropic does not produce audio' },
  modalities: { refuseWhen: (modalities) => modalities.includes('audio'), why: 'Anthropic produces text only' },
  web_search_options: { refuseWhen: () => true, why: "OpenAI's web search is not available through Anthropic" },
  moderation: { refuseWhen: () => true, why: 'Anthropic does not run OpenAI moderation' },
  user: 'converted',
  safety_identifier: 'converted',
  seed: 'dropped',
  presence_penalty: 'dropped',
  frequency_penalty: 'dropped',
  metadata: { dropWhen: (metadata) => Object.keys(metadata).length > 0 },
  store: { dropWhen: (store) => store },
  service_tier: 'dropped',
  prompt_cache_key: 'dropped',
  prompt_cache_retention: 'dropped',
  prompt_cache_options: 'dropped',
  prediction: 'dropped',
  reasoning_effort: 'converted',
  verbosity: 'dropped',
  top_k: 'converted',
  min_p: { refuseWhen: (p) => asksFor('min_p', p), why: 'Anthropic has no min-p sampling' },
  repetition_penalty: { refuseWhen: (penalty) => asksFor('repetition_penalty', penalty), why: 'Anthropic has no repetition penalty' },
};

/** The parameters to drop with a warning, or the first one that must be refused (in table order). */
export type ParameterReview = { ok: true; dropped: string[] } | { ok: false; error: ErrorPart };

/** Reviews the top-level parameters of `request` (not their contents: messages and tools convert apart). */
export function classifyParameters(request: ChatCompletionRequest): ParameterReview {
  const dropped: string[] = [];
  for (const key of Object.keys(PARAMETERS) as (keyof Params)[]) {
    const treatment = PARAMETERS[key] as Treatment<typeof key>;
    const value = request[key] as NonNullable<Params[typeof key]> | null | undefined;
    if (treatment === 'converted' || value === undefined || value === null) continue;
    if (treatment === 'dropped') dropped.push(key);
    else if ('dropWhen' in treatment) {
      if (treatment.dropWhen(value)) dropped.push(key);
    } else if (treatment.refuseWhen(value)) return { ok: false, error: unsupportedParameter(key, treatment.why) };
  }
  return { ok: true, dropped };
}
