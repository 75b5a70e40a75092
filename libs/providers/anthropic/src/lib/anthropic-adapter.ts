import type { ProviderAdapter } from '@switchyard/providers-core';
import { AnthropicStreamConverter } from './anthropic-stream-converter';
import { buildMessagesRequest, DEFAULT_MAX_TOKENS } from './build-messages-request';
import { convertAnthropicError } from './convert-anthropic-error';
import { convertMessagesResponse } from './convert-messages-response';
import { readAnthropicRateLimits } from './read-anthropic-rate-limits';

/** The API version Switchyard's conversions follow. Reference: https://docs.anthropic.com/en/api/versioning */
export const ANTHROPIC_VERSION = '2023-06-01';

/** Settings of the Anthropic adapter. */
export interface AnthropicAdapterOptions {
  /** `max_tokens` when a request sets no maximum (Anthropic requires one); 4096 by default. */
  defaultMaxTokens?: number;
  /** The `anthropic-version` header; `2023-06-01` by default. */
  version?: string;
}

/**
 * The Anthropic Messages API as a Switchyard provider format. The base URL is expected to end in
 * `/v1` (`https://api.anthropic.com/v1`), so requests go to `/messages` and the probe to `/models`.
 * `anthropic-version` is sent with the credentials as well, because every Anthropic endpoint (the
 * probe's `/models` too) refuses a request without it. Anthropic has chat only: no legacy text
 * completions and no embeddings, so those operations are absent (worker-cloud answers 400 naming `model`).
 */
export function createAnthropicAdapter(options: AnthropicAdapterOptions = {}): ProviderAdapter {
  const version = options.version ?? ANTHROPIC_VERSION;
  const defaultMaxTokens = options.defaultMaxTokens ?? DEFAULT_MAX_TOKENS;
  return {
    format: 'anthropic',
    probePath: '/models',
    authHeaders: (apiKey) => ({ 'x-api-key': apiKey, 'anthropic-version': version }),
    chat: {
      buildRequest(body, upstreamModel, stream) {
        const build = buildMessagesRequest(body, upstreamModel, stream, defaultMaxTokens);
        if (!build.ok) return build;
        return { ok: true, request: { path: '/messages', body: build.body, headers: { 'anthropic-version': version } }, dropped: build.dropped };
      },
      convertResponse: convertMessagesResponse,
      createStreamConverter: () => new AnthropicStreamConverter(),
    },
    messages: {
      buildRequest(native, upstreamModel, stream) {
        const request: Record<string, unknown> = { ...native.body, model: upstreamModel };
        if (stream) request['stream'] = true;
        else delete request['stream'];
        const headers: Record<string, string> = { 'anthropic-version': version };
        if (native.beta) headers['anthropic-beta'] = native.beta;
        return { ok: true, request: { path: '/messages', body: request, headers }, dropped: [] };
      },
      convertResponse: convertMessagesResponse,
      createStreamConverter: () => new AnthropicStreamConverter(),
    },
    convertError: (status, body) => convertAnthropicError(status, body),
    readRateLimits: readAnthropicRateLimits,
  };
}

/** The adapter with default settings. */
export const anthropicAdapter: ProviderAdapter = createAnthropicAdapter();
