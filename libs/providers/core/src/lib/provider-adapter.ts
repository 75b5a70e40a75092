import type { ErrorPart, RateLimitSnapshot, StreamPart } from '@switchyard/contracts';
import type { ChatCompletionRequest } from '@switchyard/openai';
import type { SseEvent } from '@switchyard/sse';

/** Response headers with lower-case names. */
export type HeaderMap = Readonly<Record<string, string>>;

/** The HTTP request to send upstream, minus the base URL and credentials. */
export interface UpstreamRequest {
  /** Path appended to the provider's base URL (`/chat/completions`, `/messages`). */
  path: string;
  /** The JSON body. */
  body: Record<string, unknown>;
  /** Extra headers the format needs (`anthropic-version`); never credentials. */
  headers: Record<string, string>;
}

/** A request converted, with the parameters dropped on the way (to log as warnings), or why it cannot be. */
export type BuildResult = { ok: true; request: UpstreamRequest; dropped: string[] } | { ok: false; error: ErrorPart };

/** Turns one upstream SSE stream into stream parts, event by event. */
export interface StreamConverter {
  /** Parts for one event (never `start`: the worker sends that). An `error` part ends the stream. */
  push(event: SseEvent): StreamPart[];
  /** The upstream closed: the parts still owed, or an error part when it closed before its end marker. */
  end(): StreamPart[];
  /** True once the provider sent its end marker (`[DONE]`, `message_stop`). */
  readonly done: boolean;
}

/** Everything worker-cloud needs to speak one wire format. */
export interface ProviderAdapter {
  /** Wire format name (`openai`, `anthropic`). */
  readonly format: string;
  /** Path of a cheap GET that proves the provider is reachable and the key works (`/models`). */
  readonly probePath: string;
  /** Headers carrying the API key. */
  authHeaders(apiKey: string): Record<string, string>;
  /** OpenAI request → upstream request for `upstreamModel`; `stream` selects the streamed variant. */
  buildRequest(body: ChatCompletionRequest, upstreamModel: string, stream: boolean): BuildResult;
  /** A non-streamed upstream JSON body → delta, finish and usage parts (or one error part if malformed). */
  convertResponse(json: unknown): StreamPart[];
  /** A fresh converter for one streamed response. */
  createStreamConverter(): StreamConverter;
  /** An upstream error response → an error part with the right code and retryable flag. */
  convertError(status: number, body: string, headers: HeaderMap): ErrorPart;
  /** The provider's rate-limit headers, if any, as a snapshot taken at `now` (epoch ms). */
  readRateLimits(headers: HeaderMap, now: number): RateLimitSnapshot | undefined;
}
