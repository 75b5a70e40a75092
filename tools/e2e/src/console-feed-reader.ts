import { createParser } from 'eventsource-parser';

/** One event of the console's feed, its data parsed. */
export interface FeedEvent {
  event: string;
  data: unknown;
}

/** The console's live feed read as a client would: events in order, waited for one at a time. */
export interface FeedReader {
  /** The next event (skipping others) that `match` accepts; rejects after `timeoutMs`. */
  next(match: (event: FeedEvent) => boolean, timeoutMs: number): Promise<FeedEvent>;
  close(): void;
}

/** Opens `GET <url>` with the admin token and reads its server-sent events. */
export async function readFeed(url: string, token: string): Promise<FeedReader> {
  const abort = new AbortController();
  const response = await fetch(url, { headers: { authorization: `Bearer ${token}` }, signal: abort.signal });
  if (response.status !== 200 || !response.body) throw new Error(`the feed answered ${response.status}`);
  if (!response.headers.get('content-type')?.startsWith('text/event-stream')) throw new Error('the feed is not an event stream');
  const queue: FeedEvent[] = [];
  let wake: (() => void) | undefined;
  const parser = createParser({
    onEvent: (message) => {
      queue.push({ event: message.event ?? 'message', data: JSON.parse(message.data) as unknown });
      wake?.();
    },
  });
  void (async () => {
    const decoder = new TextDecoder();
    try {
      for await (const chunk of response.body as unknown as AsyncIterable<Uint8Array>) parser.feed(decoder.decode(chunk, { stream: true }));
    } catch {
      // Closed by the test.
    }
  })();
  return {
    async next(match, timeoutMs) {
      const until = Date.now() + timeoutMs;
      for (;;) {
        const at = queue.findIndex(match);
        if (at >= 0) return queue.splice(0, at + 1)[at];
        queue.length = 0;
        const left = until - Date.now();
        if (left <= 0) throw new Error(`no matching feed event within ${timeoutMs} ms`);
        await new Promise<void>((resolve) => {
          wake = resolve;
          setTimeout(resolve, left);
        });
      }
    },
    close: () => abort.abort(),
  };
}
