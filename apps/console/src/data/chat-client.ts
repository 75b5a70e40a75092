import { createParser } from 'eventsource-parser';
import type { FetchLike } from './api-client';
import { ApiError, errorFromFailure, errorFromResponse } from './api-error';
import { applyChatData, type ChatStreamState, EMPTY_CHAT } from './chat-stream';

/** The response header naming the route taken (`selected=…; policy=…; failed=…`). */
export const ROUTE_HEADER = 'x-switchyard-route';
export const POLICY_HEADER = 'x-switchyard-policy';

export interface ChatRun {
  state: ChatStreamState;
  /** The `x-switchyard-route` header, once the answer started. */
  route: string | null;
}

export interface StreamChatOptions {
  fetch: FetchLike;
  token: string;
  url: string;
  body: unknown;
  headers?: Record<string, string>;
  signal?: AbortSignal;
  now?: () => number;
  /** Called as the answer grows (after the headers, then after each event). */
  onUpdate: (run: ChatRun) => void;
}

/**
 * Sends a streamed chat request and folds its events as they come. Rejects with an ApiError for an HTTP error (the
 * OpenAI body's message) or a network failure; an error event inside the stream ends up in `state.error` instead.
 */
export async function streamChat(options: StreamChatOptions): Promise<ChatRun> {
  const now = options.now ?? Date.now;
  let response: Response;
  try {
    response = await options.fetch(options.url, {
      method: 'POST',
      headers: { ...options.headers, Authorization: `Bearer ${options.token}`, 'Content-Type': 'application/json', Accept: 'text/event-stream' },
      body: JSON.stringify(options.body),
      signal: options.signal,
    });
  } catch (error) {
    throw errorFromFailure(error);
  }
  if (!response.ok) throw await errorFromResponse(response);
  const run: ChatRun = { state: EMPTY_CHAT, route: response.headers.get(ROUTE_HEADER) };
  options.onUpdate(run);
  if (!response.body) throw new ApiError('The answer had no body', response.status, 'bad_response');
  const parser = createParser({
    onEvent: (message) => {
      run.state = applyChatData(run.state, message.data, now());
    },
  });
  const reader = response.body.getReader();
  const text = new TextDecoder();
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      const before = run.state;
      parser.feed(text.decode(value, { stream: true }));
      if (run.state !== before) options.onUpdate({ ...run });
    }
  } catch (error) {
    throw errorFromFailure(error);
  }
  if (!run.state.done && !run.state.error) {
    // A stream that ends without `[DONE]` or an error event broke off.
    run.state = { ...run.state, error: 'The stream ended before it was complete' };
    options.onUpdate({ ...run });
  }
  return { ...run };
}
