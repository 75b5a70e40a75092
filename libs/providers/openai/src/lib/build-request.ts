import type { BuildResult } from '@switchyard/providers-core';
import type { ChatCompletionRequest, CompletionRequest, EmbeddingRequest } from '@switchyard/openai';

/** How embeddings are asked for upstream: `float` (every compatible server) or `base64` (OpenAI's own: a quarter of the bytes). */
export type EmbeddingEncoding = 'float' | 'base64';

/**
 * A validated OpenAI request → the same request for the upstream, which speaks the same format:
 * every parameter passes unchanged (nothing is dropped), except
 * - `model`: the upstream's name for the model;
 * - `stream`: the variant the worker asked for;
 * - `stream_options`: when streaming, `include_usage` is forced on (the worker needs usage for
 *   accounting; the gateway strips the usage chunk for clients who did not ask) and the client's
 *   other options are kept; when not streaming it is removed (OpenAI refuses it without `stream`).
 */
function passThrough(path: string, body: ChatCompletionRequest | CompletionRequest, upstreamModel: string, stream: boolean): BuildResult {
  const { stream_options: streamOptions, ...rest } = body;
  const upstream: Record<string, unknown> = { ...rest, model: upstreamModel, stream };
  if (stream) upstream['stream_options'] = { ...streamOptions, include_usage: true };
  return { ok: true, request: { path, body: upstream, headers: {} }, dropped: [] };
}

/** A chat request → `POST /chat/completions` (see `passThrough`). */
export function buildChatRequest(body: ChatCompletionRequest, upstreamModel: string, stream: boolean): BuildResult {
  return passThrough('/chat/completions', body, upstreamModel, stream);
}

/** A legacy text completion request → `POST /completions` (see `passThrough`). */
export function buildCompletionRequest(body: CompletionRequest, upstreamModel: string, stream: boolean): BuildResult {
  return passThrough('/completions', body, upstreamModel, stream);
}

/**
 * An embeddings request → `POST /embeddings` with the upstream's model and `encoding_format` set to
 * `encoding`, whatever the client asked: the worker sends floats on, and the gateway encodes base64
 * for clients who want it. `dimensions` and `user` pass unchanged.
 */
export function buildEmbeddingRequest(body: EmbeddingRequest, upstreamModel: string, encoding: EmbeddingEncoding): BuildResult {
  const upstream: Record<string, unknown> = { ...body, model: upstreamModel, encoding_format: encoding };
  return { ok: true, request: { path: '/embeddings', body: upstream, headers: {} }, dropped: [] };
}
