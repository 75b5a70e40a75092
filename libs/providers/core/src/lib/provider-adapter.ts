import type { ErrorPart, RateLimitSnapshot, StreamPart } from '@switchyard/contracts';
import type { ChatCompletionRequest, CompletionRequest, EmbeddingRequest } from '@switchyard/openai';
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

/** Text generation (chat or legacy completions): sent whole or streamed, answered with delta, finish and usage parts. */
export interface GenerationOperation<Body> {
  /** OpenAI request → upstream request for `upstreamModel`; `stream` selects the streamed variant. */
  buildRequest(body: Body, upstreamModel: string, stream: boolean): BuildResult;
  /** A non-streamed upstream JSON body → delta, finish and usage parts (or one error part if malformed). */
  convertResponse(json: unknown): StreamPart[];
  /** A fresh converter for one streamed response. */
  createStreamConverter(): StreamConverter;
}

/** Embeddings: never streamed, answered with one `embedding` part per input (in index order), then usage. */
export interface EmbeddingOperation {
  /** OpenAI request → upstream request for `upstreamModel`. */
  buildRequest(body: EmbeddingRequest, upstreamModel: string): BuildResult;
  /** The upstream JSON body → embedding parts and usage (or one error part if malformed). */
  convertResponse(json: unknown): StreamPart[];
}

/** A Messages API request as the client sent it: its body, and the features it opted into (`anthropic-beta`). */
export interface NativeMessages {
  body: Record<string, unknown>;
  beta?: string;
}

/**
 * Everything worker-cloud needs to speak one wire format: one operation per kind of inference request
 * it can serve, and what all of them share (credentials, errors, rate limits, the probe). A format that
 * has no equivalent of a kind leaves that operation out; worker-cloud then refuses such requests
 * with a 400 naming `model`.
 */
export interface ProviderAdapter {
  /** Wire format name (`openai`, `anthropic`). */
  readonly format: string;
  /** Path of a cheap GET that proves the provider is reachable and the key works (`/models`). */
  readonly probePath: string;
  /** Chat completions (every format has them). */
  readonly chat: GenerationOperation<ChatCompletionRequest>;
  /** Legacy text completions (`POST /v1/completions`), when the format has them. */
  readonly completion?: GenerationOperation<CompletionRequest>;
  /** Embeddings (`POST /v1/embeddings`), when the format has them. */
  readonly embeddings?: EmbeddingOperation;
  /**
   * Anthropic Messages requests as the client sent them (`InferenceRequest.native`), when the format is Anthropic's:
   * passed through with the upstream model, answered like chat.
   */
  readonly messages?: GenerationOperation<NativeMessages>;
  /** Headers carrying the API key. */
  authHeaders(apiKey: string): Record<string, string>;
  /** An upstream error response (any operation) → an error part with the right code and retryable flag. */
  convertError(status: number, body: string, headers: HeaderMap): ErrorPart;
  /** The provider's rate-limit headers, if any, as a snapshot taken at `now` (epoch ms). */
  readRateLimits(headers: HeaderMap, now: number): RateLimitSnapshot | undefined;
}
