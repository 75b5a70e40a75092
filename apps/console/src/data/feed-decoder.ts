import type { ConsoleFeedEvent } from '@switchyard/contracts';
import { createParser } from 'eventsource-parser';
import { toFeedEvent } from './feed-events';

export interface FeedDecoder {
  /** Feeds the next bytes of the stream, split anywhere (even inside a UTF-8 character). */
  push(bytes: Uint8Array): void;
  /** Forgets a partial event, for a new connection. */
  reset(): void;
}

/** Bytes of the feed in, typed events out; messages it cannot read are dropped (and counted by `onInvalid`). */
export function createFeedDecoder(onEvent: (event: ConsoleFeedEvent) => void, onInvalid?: (name: string | undefined, data: string) => void): FeedDecoder {
  let text = new TextDecoder();
  const parser = createParser({
    onEvent: (message) => {
      const event = toFeedEvent(message.event, message.data);
      if (event) onEvent(event);
      else onInvalid?.(message.event, message.data);
    },
  });
  return {
    push: (bytes) => parser.feed(text.decode(bytes, { stream: true })),
    reset: () => {
      parser.reset({ consume: false });
      text = new TextDecoder();
    },
  };
}
