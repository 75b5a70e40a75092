/**
 * Server-sent events, parsed once for every provider (per the WHATWG event-stream rules): lines end in
 * LF, CR or CRLF; `data:` lines of one event join with LF; `event:` names it; lines starting with `:` are
 * comments; a blank line dispatches the event. Input may arrive split anywhere, even inside a line.
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

export class SseParser {
  private buffer = '';
  private data: string[] = [];
  private event = '';
  private id: string | undefined;
  private sawField = false;
  private skipLeadingLf = false;

  /** Feeds decoded text; returns the events it completed. */
  push(text: string): SseEvent[] {
    const events: SseEvent[] = [];
    this.buffer += text;
    let start = 0;
    for (let i = 0; i < this.buffer.length; i++) {
      const ch = this.buffer.charCodeAt(i);
      if (ch === 10 && this.skipLeadingLf && i === start) {
        // The LF of a CRLF split across two pushes.
        this.skipLeadingLf = false;
        start = i + 1;
        continue;
      }
      this.skipLeadingLf = false;
      if (ch !== 10 && ch !== 13) continue;
      this.line(this.buffer.slice(start, i), events);
      if (ch === 13) {
        if (i + 1 < this.buffer.length) {
          if (this.buffer.charCodeAt(i + 1) === 10) i++;
        } else {
          this.skipLeadingLf = true;
        }
      }
      start = i + 1;
    }
    this.buffer = this.buffer.slice(start);
    return events;
  }

  /** Ends the input: a final event without its blank line is dispatched (lenient, as browsers are not). */
  end(): SseEvent[] {
    const events: SseEvent[] = [];
    if (this.buffer !== '') this.line(this.buffer, events);
    this.buffer = '';
    this.dispatch(events);
    return events;
  }

  private line(line: string, events: SseEvent[]): void {
    if (line === '') {
      this.dispatch(events);
      return;
    }
    if (line.charCodeAt(0) === 58) return; // ':' comment
    const colon = line.indexOf(':');
    const field = colon === -1 ? line : line.slice(0, colon);
    let value = colon === -1 ? '' : line.slice(colon + 1);
    if (value.charCodeAt(0) === 32) value = value.slice(1);
    if (field === 'data') {
      this.data.push(value);
      this.sawField = true;
    } else if (field === 'event') {
      this.event = value;
      this.sawField = true;
    } else if (field === 'id') {
      if (!value.includes('\0')) this.id = value;
    }
  }

  private dispatch(events: SseEvent[]): void {
    if (this.sawField && this.data.length > 0) {
      const event: SseEvent = { event: this.event || 'message', data: this.data.join('\n') };
      if (this.id !== undefined) event.id = this.id;
      events.push(event);
    }
    this.data = [];
    this.event = '';
    this.sawField = false;
  }
}

/** Parses a whole body at once (fixtures, tests). */
export function parseSse(text: string): SseEvent[] {
  const parser = new SseParser();
  return [...parser.push(text), ...parser.end()];
}
