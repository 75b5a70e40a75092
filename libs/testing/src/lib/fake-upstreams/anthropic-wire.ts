/** Anthropic's error body; HTTP error responses also carry the `request_id` of the `request-id` header. */
export function anthropicError(type: string, message: string, requestId?: string): object {
  return { type: 'error', error: { type, message }, ...(requestId === undefined ? {} : { request_id: requestId }) };
}

/** Real Anthropic messages for the errors the fake produces. */
export const ANTHROPIC_MESSAGES = {
  noKey: 'x-api-key header is required',
  badKey: 'invalid x-api-key',
  noVersion: 'anthropic-version: header is required',
  notFound: 'Not Found',
  badJson: 'There was an error parsing the body of your request. Please ensure it is valid JSON.',
  required: (field: string): string => `${field}: Field required`,
  rateLimited:
    'This request would exceed the rate limit for your organization (fakeupstream) of 4,000 requests per minute. For details, refer to: https://docs.claude.com/en/api/rate-limits. You can see the response headers for current usage. Please reduce the prompt length or the maximum tokens requested, or try again later. You may also contact sales at https://www.anthropic.com/contact-sales to discuss your options for a rate limit increase.',
  serverError: 'Internal server error',
  overloaded: 'Overloaded',
  badMessages: 'messages: roles must alternate between "user" and "assistant", but found multiple "user" roles in a row',
  thinkingFirst: (index: number, found: string): string =>
    `messages.${index}.content.0.type: Expected \`thinking\` or \`redacted_thinking\`, but found \`${found}\`. When \`thinking\` is enabled, a final \`assistant\` message must start with a thinking block (preceeding the lastmost set of \`tool_use\` and \`tool_result\` blocks). We recommend you include thinking blocks from previous turns. To avoid this requirement, disable \`thinking\`.`,
} as const;

/** The `ping` event's data exactly as Anthropic sends it (Python-style spacing, unlike the other events). */
export const PING_DATA = '{"type": "ping"}';
/** The data of a mid-stream `error` event exactly as Anthropic documents it. */
export const OVERLOADED_EVENT_DATA = '{"type": "error", "error": {"type": "overloaded_error", "message": "Overloaded"}}';

const REQUESTS_LIMIT = 4_000;
const INPUT_TOKENS_LIMIT = 2_000_000;
const OUTPUT_TOKENS_LIMIT = 400_000;

/** RFC 3339 time `ms` from now, to the second, as in `anthropic-ratelimit-*-reset`. */
function resetAt(ms: number): string {
  return new Date(Math.ceil((Date.now() + ms) / 1000) * 1000).toISOString().replace('.000Z', 'Z');
}

/** Headers every Anthropic response carries: request id, organisation, rate-limit state. */
export function anthropicHeaders(requestId: string, posts: number, inputTokens: number, limited: boolean, resetS = 1): Record<string, string> {
  const reset = resetAt(limited ? resetS * 1000 : 60);
  const left = (limit: number, used: number): string => (limited ? '0' : String(Math.max(0, limit - used)));
  const headers: Record<string, string> = {
    'request-id': requestId,
    'anthropic-organization-id': '5f0e6a3c-1b2d-4c8e-9a7f-fa4e0b1c2d3e',
    'anthropic-ratelimit-requests-limit': String(REQUESTS_LIMIT),
    'anthropic-ratelimit-requests-remaining': left(REQUESTS_LIMIT, posts),
    'anthropic-ratelimit-requests-reset': reset,
    'anthropic-ratelimit-input-tokens-limit': String(INPUT_TOKENS_LIMIT),
    'anthropic-ratelimit-input-tokens-remaining': left(INPUT_TOKENS_LIMIT, inputTokens),
    'anthropic-ratelimit-input-tokens-reset': reset,
    'anthropic-ratelimit-output-tokens-limit': String(OUTPUT_TOKENS_LIMIT),
    'anthropic-ratelimit-output-tokens-remaining': left(OUTPUT_TOKENS_LIMIT, 0),
    'anthropic-ratelimit-output-tokens-reset': reset,
    'anthropic-ratelimit-tokens-limit': String(INPUT_TOKENS_LIMIT + OUTPUT_TOKENS_LIMIT),
    'anthropic-ratelimit-tokens-remaining': left(INPUT_TOKENS_LIMIT + OUTPUT_TOKENS_LIMIT, inputTokens),
    'anthropic-ratelimit-tokens-reset': reset,
  };
  if (limited) Object.assign(headers, { 'retry-after': '1', 'retry-after-ms': '10' });
  return headers;
}

/** `x-should-retry`, which Anthropic adds to error responses. */
export function shouldRetry(status: number): Record<string, string> {
  return { 'x-should-retry': String(status === 408 || status === 409 || status === 429 || status >= 500) };
}

/** A message's `usage`, with the cache fields real responses carry. */
export function anthropicUsage(input: number, output: number): object {
  return {
    input_tokens: input,
    cache_creation_input_tokens: 0,
    cache_read_input_tokens: 0,
    cache_creation: { ephemeral_5m_input_tokens: 0, ephemeral_1h_input_tokens: 0 },
    output_tokens: output,
    service_tier: 'standard',
  };
}

/** A whole `message` object (also the `message` of `message_start`, with empty content and no stop reason). */
export function anthropicMessage(id: string, model: string, content: object[], stopReason: string | null, stopSequence: string | null, usage: object): object {
  return { id, type: 'message', role: 'assistant', model, content, stop_reason: stopReason, stop_sequence: stopSequence, usage };
}
