import type { UsagePart } from '@switchyard/contracts';
import type { ResponsesRequest } from './responses-request.schema';

/** What a Response object repeats of its request, with OpenAI's defaults for what the request left out. */
export interface ResponseEcho {
  instructions: string | null;
  max_output_tokens: number | null;
  parallel_tool_calls: boolean;
  reasoning: Record<string, unknown> | null;
  temperature: number;
  text: Record<string, unknown>;
  tool_choice: unknown;
  tools: unknown[];
  top_p: number;
  user?: string;
  metadata: Record<string, string>;
  /** Whether the gateway keeps the response (OpenAI's default: it does). */
  store: boolean;
  previous_response_id: string | null;
}

/** The echo of a request (validated at the gateway; the worker reads it from the request's native body). */
export function responseEcho(request: ResponsesRequest): ResponseEcho {
  return {
    instructions: request.instructions ?? null,
    max_output_tokens: request.max_output_tokens ?? null,
    parallel_tool_calls: request.parallel_tool_calls ?? true,
    reasoning: request.reasoning ?? null,
    temperature: request.temperature ?? 1,
    text: request.text ?? { format: { type: 'text' } },
    tool_choice: request.tool_choice ?? 'auto',
    // Function tools as OpenAI repeats them: every field present, `strict` true unless the request said otherwise.
    tools: (request.tools ?? []).map((tool) => ({
      ...tool,
      description: tool.description ?? null,
      parameters: tool.parameters ?? null,
      strict: tool.strict ?? true,
    })),
    top_p: request.top_p ?? 1,
    ...(request.user !== undefined ? { user: request.user } : {}),
    metadata: request.metadata ?? {},
    store: request.store ?? true,
    previous_response_id: request.previous_response_id ?? null,
  };
}

/** Where a response stands, as its `status`, `incomplete_details` and `error` say. */
export type ResponseStatus =
  | { status: 'in_progress' | 'completed' }
  | { status: 'incomplete'; reason: 'max_output_tokens' | 'content_filter' }
  | { status: 'failed'; error: { code: 'server_error' | 'rate_limit_exceeded'; message: string } };

/** The Responses API's usage: tokens with their cached and reasoning details. */
export function responseUsage(part: UsagePart | undefined): Record<string, unknown> {
  const input = part?.promptTokens ?? 0;
  const output = part?.completionTokens ?? 0;
  return {
    input_tokens: input,
    input_tokens_details: { cached_tokens: part?.cachedPromptTokens ?? 0, cache_write_tokens: part?.cacheWritePromptTokens ?? 0 },
    output_tokens: output,
    output_tokens_details: { reasoning_tokens: part?.reasoningTokens ?? 0 },
    total_tokens: input + output,
  };
}

/** A Response object in OpenAI's field order, `usage` once it is known. */
export function responseObject(
  head: { id: string; createdAt: number; model: string },
  state: ResponseStatus,
  output: unknown[],
  usage: Record<string, unknown> | null,
  echo: ResponseEcho,
): Record<string, unknown> {
  return {
    id: head.id,
    object: 'response',
    created_at: head.createdAt,
    status: state.status,
    error: state.status === 'failed' ? state.error : null,
    incomplete_details: state.status === 'incomplete' ? { reason: state.reason } : null,
    instructions: echo.instructions,
    max_output_tokens: echo.max_output_tokens,
    model: head.model,
    output,
    parallel_tool_calls: echo.parallel_tool_calls,
    previous_response_id: echo.previous_response_id,
    reasoning: echo.reasoning,
    store: echo.store,
    temperature: echo.temperature,
    text: echo.text,
    tool_choice: echo.tool_choice,
    tools: echo.tools,
    top_p: echo.top_p,
    truncation: 'disabled',
    // Left out until the usage is known (the spec has no null usage).
    ...(usage ? { usage } : {}),
    ...(echo.user !== undefined ? { user: echo.user } : {}),
    metadata: echo.metadata,
  };
}
