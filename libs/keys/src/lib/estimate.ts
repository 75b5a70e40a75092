/** Characters per token assumed when estimating a prompt (OpenAI's rule of thumb for English). */
export const CHARS_PER_TOKEN = 4;
/** Tokens counted for an inline image or other `data:` URL, instead of its base64 length. */
export const DATA_URL_TOKENS = 85;

const MAX_DEPTH = 12;

/** Characters of every string inside `value` (a `data:` URL counts as an image, numbers as one token). */
function promptChars(value: unknown, depth = 0): number {
  if (typeof value === 'string') return value.startsWith('data:') ? DATA_URL_TOKENS * CHARS_PER_TOKEN : value.length;
  if (typeof value === 'number') return CHARS_PER_TOKEN;
  if (depth >= MAX_DEPTH || typeof value !== 'object' || value === null) return 0;
  const items = Array.isArray(value) ? value : Object.values(value);
  return items.reduce<number>((sum, item) => sum + promptChars(item, depth + 1), 0);
}

function positiveInt(value: unknown): number | undefined {
  return typeof value === 'number' && Number.isInteger(value) && value > 0 ? value : undefined;
}

/**
 * Tokens to reserve for a request before it runs: the prompt's characters / 4 (messages, prompt or
 * input, plus tools), and the completion's cap (`max_completion_tokens`, `max_tokens` or
 * `max_output_tokens`, else `defaultCompletionTokens` for generating requests; 0 for embeddings),
 * times `n`. The real usage replaces it when the answer ends.
 */
export function estimateRequestTokens(body: unknown, defaultCompletionTokens: number): number {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) return 0;
  const fields = body as Record<string, unknown>;
  const prompt = [fields['messages'], fields['prompt'], fields['input'], fields['tools'], fields['functions']];
  const promptTokens = Math.ceil(promptChars(prompt) / CHARS_PER_TOKEN);
  const generates = 'messages' in fields || 'prompt' in fields;
  const cap =
    positiveInt(fields['max_completion_tokens']) ??
    positiveInt(fields['max_tokens']) ??
    positiveInt(fields['max_output_tokens']) ??
    (generates ? defaultCompletionTokens : 0);
  const choices = Math.min(positiveInt(fields['n']) ?? 1, 128);
  return promptTokens + cap * choices;
}
