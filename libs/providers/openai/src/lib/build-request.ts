import type { BuildResult } from '@switchyard/providers-core';
import type { ChatCompletionRequest, CompletionRequest, EmbeddingRequest, SamplingExtension } from '@switchyard/openai';
import { reviewSamplingExtensions } from './sampling-extensions';

/** How embeddings are asked for upstream: `float` (every compatible server) or `base64` (OpenAI's own: a quarter of the bytes). */
export type EmbeddingEncoding = 'float' | 'base64';

/** What an upstream of the OpenAI format takes beyond OpenAI's own API. */
export interface UpstreamExtras {
  /** Provider name, for errors. */
  provider: string;
  /** The local engines' sampling parameters it takes (none for OpenAI itself). */
  samplingParameters: ReadonlySet<SamplingExtension>;
}

/** An upstream that takes nothing beyond OpenAI's API. */
export const OPENAI_ONLY: UpstreamExtras = { provider: 'openai', samplingParameters: new Set() };

/**
 * A validated OpenAI request → the same request for the upstream, which speaks the same format:
 * every parameter passes unchanged (nothing is dropped), except
 * - the local engines' sampling parameters the upstream does not take (`reviewSamplingExtensions`):
 *   refused by name when they ask for something, left out when they ask for nothing;
 * - `model`: the upstream's name for the model;
 * - `stream`: the variant the worker asked for;
 * - `stream_options`: when streaming, `include_usage` is forced on (the worker needs usage for
 *   accounting; the gateway strips the usage chunk for clients who did not ask) and the client's
 *   other options are kept; when not streaming it is removed (OpenAI refuses it without `stream`);
 * - the assistant messages' `thinking_blocks` (Anthropic's reasoning, Switchyard's extension): left out, with a warning;
 * - `continue_final_message` (vLLM's) goes with `add_generation_prompt: false`, which vLLM requires beside it.
 */
function passThrough(
  path: string,
  body: ChatCompletionRequest | CompletionRequest,
  upstreamModel: string,
  stream: boolean,
  extras: UpstreamExtras,
): BuildResult {
  const review = reviewSamplingExtensions(body, extras.provider, extras.samplingParameters);
  if (!review.ok) return review;
  const { stream_options: streamOptions, ...rest } = body;
  const upstream: Record<string, unknown> = { ...rest, model: upstreamModel, stream };
  for (const name of review.omit) delete upstream[name];
  if (stream) upstream['stream_options'] = { ...streamOptions, include_usage: true };
  if ('continue_final_message' in body && body.continue_final_message === true) upstream['add_generation_prompt'] = false;
  const dropped: string[] = [];
  if ('messages' in body && body.messages.some((message) => message.role === 'assistant' && message.thinking_blocks !== undefined)) {
    upstream['messages'] = body.messages.map((message) => (message.role === 'assistant' ? { ...message, thinking_blocks: undefined } : message));
    dropped.push('messages[].thinking_blocks');
  }
  return { ok: true, request: { path, body: upstream, headers: {} }, dropped };
}

/** A chat request → `POST /chat/completions` (see `passThrough`). */
export function buildChatRequest(body: ChatCompletionRequest, upstreamModel: string, stream: boolean, extras: UpstreamExtras = OPENAI_ONLY): BuildResult {
  return passThrough('/chat/completions', body, upstreamModel, stream, extras);
}

/** A legacy text completion request → `POST /completions` (see `passThrough`). */
export function buildCompletionRequest(body: CompletionRequest, upstreamModel: string, stream: boolean, extras: UpstreamExtras = OPENAI_ONLY): BuildResult {
  return passThrough('/completions', body, upstreamModel, stream, extras);
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
