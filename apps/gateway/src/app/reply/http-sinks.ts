import type { OutgoingHttpHeaders, ServerResponse } from 'node:http';
import type { ErrorPart, StartPart } from '@switchyard/contracts';
import { SSE_DONE, SSE_HEADERS, toHttpError } from '@switchyard/openai';
import type { FastifyReply } from 'fastify';
import { routeHeaders } from '../http/routing-headers';
import type { ReplySink } from './reply-sink';

const DATA = Buffer.from('data: ');
const EVENT = Buffer.from('event: ');
const NAMED_DATA = Buffer.from('\ndata: ');
const EVENT_END = Buffer.from('\n\n');
/** A rendered event of the Messages and Responses APIs starts `{"type":"<name>"`: its name is read from there, the JSON is not parsed. */
const TYPE_AT = Buffer.byteLength('{"type":"');
const QUOTE = 0x22;

/** Bytes as a Buffer without copying them (a view of the same memory). */
export function bufferOf(bytes: Uint8Array): Buffer {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}

/** The `type` a rendered event starts with, as its SSE event name. */
function eventName(json: Uint8Array): Uint8Array {
  const end = json.indexOf(QUOTE, TYPE_AT);
  return end < 0 ? Buffer.from('message') : json.subarray(TYPE_AT, end);
}

/** `event: <type>` and `data: <json>`: how the Messages and Responses APIs frame an event. */
export function namedEvent(json: Uint8Array): Buffer {
  return Buffer.concat([EVENT, eventName(json), NAMED_DATA, json, EVENT_END]);
}

/** How an API dialect answers over HTTP: its error bodies, and how its SSE frames a rendered event and ends. */
export interface HttpDialect {
  /** The status and body of an error. */
  error(part: ErrorPart): { status: number; body: unknown };
  /** One rendered event (its JSON) as SSE text. */
  sseEvent(json: Uint8Array): Buffer;
  /** What ends a stream that succeeded (empty for nothing). */
  readonly sseDone: string;
  /** The event of an error after the stream began, when the dialect numbers its events (`written` went before); else its error body. */
  sseError?(part: ErrorPart, written: number): Buffer;
}

/** OpenAI's: `{"error":{…}}` bodies; `data: <json>` events, ending with `data: [DONE]`. */
export const OPENAI_DIALECT: HttpDialect = {
  error: (part) => toHttpError(part.code, part.message, part.param),
  sseEvent: (json) => Buffer.concat([DATA, json, EVENT_END]),
  sseDone: SSE_DONE,
};

/** Sends an error part with its status and the route, in the dialect's body. */
function sendError(reply: FastifyReply, part: ErrorPart, dialect: HttpDialect): void {
  const error = dialect.error(part);
  reply.headers(routeHeaders(part)).status(error.status).send(error.body);
}

function uncork(res: ServerResponse): void {
  res.uncork();
}

/**
 * Writes, waiting for the socket to drain when its buffer is full; false when the socket closed.
 * Events written before the current work settles go out in one socket write: the pieces of one bus
 * message arrive together, and a write each cost a system call per event.
 */
async function write(res: ServerResponse, data: string | Buffer): Promise<boolean> {
  if (res.destroyed) return false;
  if (res.writableCorked === 0) {
    res.cork();
    process.nextTick(uncork, res);
  }
  if (res.write(data)) return true;
  await new Promise<void>((resolve) => {
    const done = (): void => {
      res.off('drain', done);
      res.off('close', done);
      resolve();
    };
    res.on('drain', done);
    res.on('close', done);
  });
  return !res.destroyed;
}

/** A whole answer as one JSON body, with the route's header; an error with its status. */
export class JsonSink implements ReplySink {
  readonly streamed = false;
  private headers: Record<string, string> = {};
  private body: Uint8Array | undefined;

  constructor(
    private readonly reply: FastifyReply,
    private readonly dialect: HttpDialect = OPENAI_DIALECT,
  ) {}

  start(part: StartPart): void {
    this.headers = routeHeaders(part);
  }

  write(json: Uint8Array): boolean {
    this.body = json;
    return true;
  }

  /** `deliver` ends a whole answer only once its body came. */
  end(): void {
    this.reply.headers(this.headers).type('application/json; charset=utf-8').send(this.body ? bufferOf(this.body) : '');
  }

  fail(error: ErrorPart): void {
    sendError(this.reply.headers(this.headers), error, this.dialect);
  }
}

/**
 * A streamed answer as server-sent events: a 200 with the route's header at the start, one event per rendered
 * chunk, the dialect's end (`data: [DONE]`). An error before the start gets its real status; after it, an error
 * event ends the stream without the end marker, so a failure is never a clean end.
 */
export class SseSink implements ReplySink {
  readonly streamed = true;
  private started = false;
  /** Events written so far. */
  private written = 0;

  constructor(
    private readonly reply: FastifyReply,
    private readonly dialect: HttpDialect = OPENAI_DIALECT,
  ) {}

  /** Headers set on the reply so far (request id, rate limits) go out with the stream's. */
  start(part: StartPart): void {
    this.started = true;
    const headers: OutgoingHttpHeaders = { ...(this.reply.getHeaders() as OutgoingHttpHeaders), ...SSE_HEADERS, ...routeHeaders(part) };
    this.reply.hijack();
    this.reply.raw.writeHead(200, headers);
  }

  write(json: Uint8Array): Promise<boolean> {
    this.written++;
    return write(this.reply.raw, this.dialect.sseEvent(json));
  }

  async end(): Promise<void> {
    if (this.dialect.sseDone !== '') await write(this.reply.raw, this.dialect.sseDone);
    this.reply.raw.end();
  }

  /** An SSE comment line, which clients skip (one line: line breaks become spaces). */
  comment(text: string): Promise<boolean> {
    return write(this.reply.raw, `: ${text.replace(/[\r\n]+/g, ' ')}\n\n`);
  }

  async fail(error: ErrorPart): Promise<void> {
    if (!this.started) return sendError(this.reply, error, this.dialect);
    const event = this.dialect.sseError?.(error, this.written) ?? this.dialect.sseEvent(Buffer.from(JSON.stringify(this.dialect.error(error).body)));
    await write(this.reply.raw, event);
    this.reply.raw.end();
  }
}
