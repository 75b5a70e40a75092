import type { InferenceRequest } from '@switchyard/contracts';
import { COMPLETION_DEFAULT_MAX_TOKENS, completionPrompts, embeddingInputs, type ChatCompletionRequest } from '@switchyard/openai';

/** Characters per token assumed for the estimate; English text with BPE tokenizers averages about 4. */
const CHARS_PER_TOKEN = 4;
/** Tokens a chat template adds around each message (role markers, separators). */
const TOKENS_PER_MESSAGE = 4;

/**
 * A rough count of the prompt's tokens, without a tokenizer: the router only needs it to tell a prompt
 * that cannot fit a context window and to estimate cost. Text parts, tool definitions and tool calls count.
 */
export function estimatePromptTokens(body: ChatCompletionRequest): number {
  let chars = 0;
  for (const message of body.messages) {
    chars += textLength(message.content);
    if ('tool_calls' in message && message.tool_calls) chars += JSON.stringify(message.tool_calls).length;
    if ('function_call' in message && message.function_call) chars += JSON.stringify(message.function_call).length;
    if ('refusal' in message && typeof message.refusal === 'string') chars += message.refusal.length;
  }
  if (body.response_format?.type === 'json_schema') chars += JSON.stringify(body.response_format.json_schema).length;
  if (body.tools) chars += JSON.stringify(body.tools).length;
  if (body.functions) chars += JSON.stringify(body.functions).length;
  return Math.ceil(chars / CHARS_PER_TOKEN) + TOKENS_PER_MESSAGE * body.messages.length;
}

/** Completion tokens the request may produce: its own cap, or `fallback` when it sets none. */
export function expectedCompletionTokens(body: ChatCompletionRequest, fallback: number): number {
  return body.max_completion_tokens ?? body.max_tokens ?? fallback;
}

function textLength(content: unknown): number {
  if (typeof content === 'string') return content.length;
  if (!Array.isArray(content)) return 0;
  let length = 0;
  for (const part of content) {
    if (part && typeof part === 'object' && 'text' in part && typeof part.text === 'string') length += part.text.length;
    else if (part && typeof part === 'object' && 'refusal' in part && typeof part.refusal === 'string') length += part.refusal.length;
  }
  return length;
}

/** Length of a prompt or input given as text (4 characters a token) or as token ids. */
function tokensOf(item: string | number[]): number {
  return typeof item === 'string' ? Math.ceil(item.length / CHARS_PER_TOKEN) : item.length;
}

/** Estimated prompt tokens of any kind of request (all prompts or inputs together). */
export function estimateRequestTokens(request: InferenceRequest): number {
  switch (request.kind) {
    case 'chat':
      return estimatePromptTokens(request.body);
    case 'completion':
      return completionPrompts(request.body.prompt).reduce((sum, prompt) => sum + tokensOf(prompt), 0);
    case 'embeddings':
      return embeddingInputs(request.body.input).reduce((sum, input) => sum + tokensOf(input), 0);
  }
}

/** Completion tokens any kind of request may produce (every choice of every prompt; none for embeddings). */
export function expectedRequestCompletionTokens(request: InferenceRequest, fallback: number): number {
  switch (request.kind) {
    case 'chat':
      return expectedCompletionTokens(request.body, fallback) * (request.body.n ?? 1);
    case 'completion': {
      const perChoice = request.body.max_tokens ?? COMPLETION_DEFAULT_MAX_TOKENS;
      const choices = Math.max(request.body.n ?? 1, request.body.best_of ?? 1);
      return perChoice * choices * completionPrompts(request.body.prompt).length;
    }
    case 'embeddings':
      return 0;
  }
}
