import { ids } from './ids';

/** `usage` of a chat completion, with the detail objects real responses carry. */
export interface OpenAIUsage {
  prompt_tokens: number;
  completion_tokens: number;
  total_tokens: number;
  prompt_tokens_details: { cached_tokens: number; audio_tokens: number };
  completion_tokens_details: { reasoning_tokens: number; audio_tokens: number; accepted_prediction_tokens: number; rejected_prediction_tokens: number };
}

export function openAIUsage(prompt: number, completion: number): OpenAIUsage {
  return {
    prompt_tokens: prompt,
    completion_tokens: completion,
    total_tokens: prompt + completion,
    prompt_tokens_details: { cached_tokens: 0, audio_tokens: 0 },
    completion_tokens_details: { reasoning_tokens: 0, audio_tokens: 0, accepted_prediction_tokens: 0, rejected_prediction_tokens: 0 },
  };
}

/** OpenAI's error body. */
export function openAIError(message: string, type: string, param: string | null = null, code: string | null = null): object {
  return { error: { message, type, param, code } };
}

/** Real OpenAI messages for the errors the fake produces. */
export const OPENAI_MESSAGES = {
  noKey:
    "You didn't provide an API key. You need to provide your API key in an Authorization header using Bearer auth (i.e. Authorization: Bearer YOUR_KEY), or as the password field (i.e. YOUR_KEY), when using HTTP Basic Auth. You can obtain an API key from https://platform.openai.com/account/api-keys.",
  badJson:
    "We could not parse the JSON body of your request. (HINT: This likely means you aren't using your HTTP library correctly. The OpenAI API expects a JSON payload, but what was sent was not valid JSON. If you have trouble figuring out how to fix this, please contact us through our help center at help.openai.com.)",
  serverError: 'The server had an error while processing your request. Sorry about that!',
  noQuota: 'You exceeded your current quota, please check your plan and billing details. For more information on this error, read the docs: https://platform.openai.com/docs/guides/error-codes/api-errors.',
  overloaded: 'That model is currently overloaded with other requests. You can retry your request, or contact us through our help center at help.openai.com if the error persists.',
  badMessages: "'messages' must contain the word 'json' in some form, to use 'response_format' of type 'json_object'.",
  rateLimited: (model: string): string =>
    `Rate limit reached for ${model} in organization org-fakeupstream on requests per min (RPM): Limit 10000, Used 10000, Requested 1. Please try again in 1s. Visit https://platform.openai.com/account/rate-limits to learn more.`,
} as const;

/** `sk-test-key` → `sk-te***ey`, as OpenAI quotes a wrong key back. */
export function maskKey(key: string): string {
  return key.length <= 8 ? `${key.slice(0, 2)}***` : `${key.slice(0, 5)}***${key.slice(-2)}`;
}

const REQUEST_LIMIT = 10_000;
const TOKEN_LIMIT = 10_000_000;

/** Headers every OpenAI response carries: request id, version, and the rate-limit state. */
export function openAIHeaders(posts: number, promptTokens: number, limited: boolean, resetS = 1): Record<string, string> {
  return {
    'x-request-id': ids.openAIRequest(),
    'openai-version': '2020-10-01',
    'openai-organization': 'user-fakeupstream',
    'openai-project': 'proj_fakeupstream',
    'openai-processing-ms': '1',
    'access-control-expose-headers': 'X-Request-ID',
    'x-ratelimit-limit-requests': String(REQUEST_LIMIT),
    'x-ratelimit-limit-tokens': String(TOKEN_LIMIT),
    'x-ratelimit-remaining-requests': limited ? '0' : String(Math.max(0, REQUEST_LIMIT - posts)),
    'x-ratelimit-remaining-tokens': limited ? '0' : String(Math.max(0, TOKEN_LIMIT - promptTokens)),
    'x-ratelimit-reset-requests': limited ? `${resetS}s` : '6ms',
    'x-ratelimit-reset-tokens': limited ? `${resetS}s` : '0s',
    ...(limited ? { 'retry-after': '1', 'retry-after-ms': '10' } : {}),
  };
}

/** What every chunk (or the completion) of one answer shares. */
export interface ChatIdentity {
  id: string;
  created: number;
  model: string;
  fingerprint: string;
  /** `stream_options.include_usage`: every chunk has `usage: null`, and a last chunk has the usage. */
  includeUsage: boolean;
  /** `stream_options.include_obfuscation` (default true): every chunk has an `obfuscation` padding string. */
  obfuscate: boolean;
}

export function chatIdentity(model: string, includeUsage: boolean, obfuscate: boolean): ChatIdentity {
  return { id: ids.chatCompletion(), created: Math.floor(Date.now() / 1000), model, fingerprint: ids.fingerprint(), includeUsage, obfuscate };
}

/** One `chat.completion.chunk`; `choices` empty with `usage` for the include_usage chunk. */
export function chatChunk(who: ChatIdentity, choices: object[], usage: OpenAIUsage | null = null): object {
  return {
    id: who.id,
    object: 'chat.completion.chunk',
    created: who.created,
    model: who.model,
    service_tier: 'default',
    system_fingerprint: who.fingerprint,
    choices,
    ...(who.includeUsage ? { usage } : {}),
    ...(who.obfuscate ? { obfuscation: ids.obfuscation() } : {}),
  };
}

/** One streamed choice. */
export function streamChoice(delta: object, finishReason: string | null = null): object {
  return { index: 0, delta, logprobs: null, finish_reason: finishReason };
}

/** A whole `chat.completion`. */
export function chatCompletion(who: ChatIdentity, message: object, finishReason: string, usage: OpenAIUsage): object {
  return {
    id: who.id,
    object: 'chat.completion',
    created: who.created,
    model: who.model,
    choices: [{ index: 0, message: { role: 'assistant', ...message, refusal: null, annotations: [] }, logprobs: null, finish_reason: finishReason }],
    usage,
    service_tier: 'default',
    system_fingerprint: who.fingerprint,
  };
}
