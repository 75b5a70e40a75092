import { COMPLETION_DEFAULT_MAX_TOKENS } from './completion-request.schema';

/** Characters per token assumed when estimating a prompt (OpenAI's rule of thumb for English). */
export const CHARS_PER_TOKEN = 4;
/** Tokens counted for an inline image or other `data:` URL, instead of its base64 length. */
export const DATA_URL_TOKENS = 85;
/** Most choices counted for one request (the schemas' limit of `n`). */
const MAX_CHOICES = 128;
const MAX_DEPTH = 12;

type Fields = Record<string, unknown>;

function fieldsOf(body: unknown): Fields | undefined {
  return typeof body === 'object' && body !== null && !Array.isArray(body) ? (body as Fields) : undefined;
}

/** Characters of every string inside `value` (a `data:` URL counts as an image, a number as one token). */
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
 * A rough count of a request's prompt tokens, without a tokenizer, for any endpoint's body, validated or not:
 * the characters of every string of its messages, prompt or input, tools, functions and JSON schema, divided by 4
 * (roles and part types count too: they stand in for the chat template), an inline image as 85 tokens, a token id
 * as one. The gateway reserves rate-limit budget with it; the router checks context windows and prices with it.
 */
export function estimatePromptTokens(body: unknown): number {
  const fields = fieldsOf(body);
  if (!fields) return 0;
  const format = fieldsOf(fields['response_format']);
  const prompt = [fields['messages'], fields['prompt'], fields['input'], fields['tools'], fields['functions'], format?.['json_schema']];
  return Math.ceil(promptChars(prompt) / CHARS_PER_TOKEN);
}

/**
 * The most completion tokens a request may produce: its cap (`max_completion_tokens`, `max_tokens` or
 * `max_output_tokens`; else `fallback` for a chat, OpenAI's default of 16 for a text completion, nothing for
 * embeddings), for every choice (`n`, or `best_of` when larger) of every prompt.
 */
export function estimateCompletionTokens(body: unknown, fallback: number): number {
  const fields = fieldsOf(body);
  if (!fields) return 0;
  const isCompletion = 'prompt' in fields;
  const generates = 'messages' in fields || isCompletion;
  const cap =
    positiveInt(fields['max_completion_tokens']) ??
    positiveInt(fields['max_tokens']) ??
    positiveInt(fields['max_output_tokens']) ??
    (generates ? (isCompletion ? COMPLETION_DEFAULT_MAX_TOKENS : fallback) : 0);
  const choices = Math.min(Math.max(positiveInt(fields['n']) ?? 1, positiveInt(fields['best_of']) ?? 1), MAX_CHOICES);
  return cap * choices * (isCompletion ? promptCount(fields['prompt']) : 1);
}

/** How many prompts a text completion's `prompt` holds (a string or a token list is one). */
function promptCount(prompt: unknown): number {
  if (!Array.isArray(prompt) || prompt.length === 0 || typeof prompt[0] === 'number') return 1;
  return prompt.length;
}
