import { createParser, type EventSourceMessage, type EventSourceParser } from 'eventsource-parser';

/**
 * Server-sent events, parsed once for every provider, by `eventsource-parser` (the WHATWG event-stream rules:
 * lines end in LF, CR or CRLF; `data:` lines of one event join with LF; `event:` names it; lines starting with
 * `:` are comments; a blank line dispatches the event). Input may arrive split anywhere, even inside a line.
 */

/** One dispatched event. */
export interface SseEvent {
  /** The `event:` field, or `message` when absent. */
  event: string;
  /** The `data:` lines joined with LF. */
  data: string;
  /** The `id:` field, when given. */
  id?: string;
}

function toSseEvent(message: EventSourceMessage): SseEvent {
  const event: SseEvent = { event: message.event || 'message', data: message.data };
  if (message.id !== undefined) event.id = message.id;
  return event;
}

export class SseParser {
  private readonly completed: SseEvent[] = [];
  private readonly parser: EventSourceParser = createParser({ onEvent: (message) => this.completed.push(toSseEvent(message)) });

  /** Feeds decoded text; returns the events it completed. */
  push(text: string): SseEvent[] {
    this.parser.feed(text);
    return this.completed.splice(0);
  }

  /** Ends the input: a final event without its blank line is dispatched (lenient, as browsers are not). */
  end(): SseEvent[] {
    this.parser.feed('\n\n');
    return this.completed.splice(0);
  }
}

/** Parses a whole body at once (fixtures, tests). */
export function parseSse(text: string): SseEvent[] {
  const parser = new SseParser();
  return [...parser.push(text), ...parser.end()];
}
