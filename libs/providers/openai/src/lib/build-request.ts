import type { BuildResult } from '@switchyard/providers-core';
import type { ChatCompletionRequest } from '@switchyard/openai';

/**
 * A validated OpenAI request → the same request for the upstream, which speaks the same format:
 * every parameter passes unchanged (nothing is dropped), except
 * - `model`: the upstream's name for the model;
 * - `stream`: the variant the worker asked for;
 * - `stream_options`: when streaming, `include_usage` is forced on (the worker needs usage for
 *   accounting; the gateway strips the usage chunk for clients who did not ask) and the client's
 *   other options are kept; when not streaming it is removed (OpenAI refuses it without `stream`).
 */
export function buildRequest(body: ChatCompletionRequest, upstreamModel: string, stream: boolean): BuildResult {
  const { stream_options: streamOptions, ...rest } = body;
  const upstream: Record<string, unknown> = { ...rest, model: upstreamModel, stream };
  if (stream) upstream['stream_options'] = { ...streamOptions, include_usage: true };
  return { ok: true, request: { path: '/chat/completions', body: upstream, headers: {} }, dropped: [] };
}
