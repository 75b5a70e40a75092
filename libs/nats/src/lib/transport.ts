/**
 * The one interface services use to talk over the bus. Apps never touch the NATS client directly,
 * so the transport can be tuned (or replaced) without changing them.
 */

/** Headers of a message, lower-case names. */
export type MessageHeaders = Readonly<Record<string, string>>;

/** A message as a handler receives it. */
export interface InboundMessage {
  /** The subject it was published on. */
  subject: string;
  /** Raw payload. */
  data: Uint8Array;
  /** Headers (request id, trace context). */
  headers: MessageHeaders;
  /** Where the sender waits for the reply, when it does. */
  reply?: string;
}

/**
 * What a chunk of a handed-off stream is to the one that forwarded the request: `data` goes to the
 * original requester only; a `report` goes there and, as a copy, to the forwarder; a `failure` before any
 * data goes to the forwarder only (it may try elsewhere), after data like a report.
 */
export type ChunkRole = 'data' | 'report' | 'failure';

/** Options of a streamed request. */
export interface StreamRequestOptions {
  /** Headers to send with the request. */
  headers?: MessageHeaders;
  /** How long to wait for a responder to acknowledge the request. */
  ackTimeoutMs: number;
  /** Longest silence allowed once acknowledged (responders send keepalives while working). */
  idleTimeoutMs: number;
  /** Epoch milliseconds after which the stream fails with a timeout. */
  deadline?: number;
  /** Aborting stops the stream and cancels the responder's work. */
  signal?: AbortSignal;
  /**
   * Hands the stream over: the responder sends its data to this subject (the reply subject of a stream this
   * process serves) and only control to this request (see `ChunkRole`). Once data has gone there, the
   * served stream sends nothing of its own unless something is pushed to it again.
   */
  dataTo?: string;
  /** With `dataTo`: the responder keeps all data until its end (an answer that is not streamed). */
  hold?: boolean;
  /**
   * With `dataTo`: a gated stream (a hedge). The responder keeps its data until this resolves, and sends a copy of
   * each report at once, so the requester knows there is output before anyone has seen it.
   */
  released?: Promise<void>;
  /** When this resolves the responder is asked to withdraw: it stops, unless its data has already left (then it goes on). */
  withdrawn?: Promise<void>;
}

/** Receives a push source's values, then its end or its failure. */
export interface PushObserver<T> {
  next(value: T): void;
  error(error: unknown): void;
  complete(): void;
}

/** Values pushed as they come (an RxJS Observable is one); unsubscribing stops it. */
export interface PushSource<T> {
  subscribe(observer: PushObserver<T>): { unsubscribe(): void };
}

/** A stream's chunks, pushed. */
export type ChunkSource = PushSource<Uint8Array>;
export type ChunkObserver = PushObserver<Uint8Array>;

/**
 * Produces the messages of one streamed reply, pulled (an async iterable) or pushed (a `ChunkSource`);
 * `signal` aborts when the requester goes away (a source is then also unsubscribed).
 */
export type StreamHandler = (message: InboundMessage, signal: AbortSignal) => AsyncIterable<Uint8Array> | ChunkSource;

/** Answers one plain request. */
export type RequestHandler = (message: InboundMessage) => Promise<Uint8Array>;

/** Something that can be stopped. */
export interface Closeable {
  close(): void;
}

/** Options of serving a subject. */
export interface ServeOptions {
  /** Queue group: each message goes to one member of the group. */
  queue?: string;
  /**
   * Streams only: the least time between two messages of one stream while its chunks keep coming,
   * in ms. Chunks within the window travel together; a chunk after a quiet spell leaves at once.
   * 0 (the default) sends what was yielded during one turn of the event loop as one message.
   */
  batchWindowMs?: number;
  /** Streams only: how to treat each chunk when a request hands the stream over (`dataTo`); without it, every chunk is a report. */
  classify?: (chunk: Uint8Array) => ChunkRole;
}

export interface BusTransport {
  /** Sends a request to one responder and yields each message it streams back until it ends. */
  requestStream(subject: string, payload: Uint8Array, options: StreamRequestOptions): AsyncIterable<Uint8Array>;
  /**
   * The same, pushed: each subscription sends the request and passes on what streams back, then the end or the
   * failure; unsubscribing before the end cancels the responder's work.
   */
  requestReplies(subject: string, payload: Uint8Array, options: Omit<StreamRequestOptions, 'signal'>): ChunkSource;
  /** Serves streamed requests on `subject`. */
  serveStream(subject: string, handler: StreamHandler, options?: ServeOptions): Closeable;
  /** Sends one request and waits for one reply. */
  request(subject: string, payload: Uint8Array, options: { timeoutMs: number; headers?: MessageHeaders }): Promise<Uint8Array>;
  /** Serves plain requests on `subject`. */
  serve(subject: string, handler: RequestHandler, options?: ServeOptions): Closeable;
  /** Fire-and-forget publish. */
  publish(subject: string, payload: Uint8Array, headers?: MessageHeaders): void;
  /**
   * Publishes into a JetStream stream and resolves once the stream has stored it; `msgId` lets the
   * stream drop a duplicate of the same message. Rejects when no stream takes the subject.
   */
  publishDurable(subject: string, payload: Uint8Array, options?: { msgId?: string; headers?: MessageHeaders }): Promise<void>;
  /** Creates the JetStream stream `name` over `subjects` if it does not exist (file storage, kept `maxAgeMs`). */
  ensureStream(name: string, subjects: readonly string[], maxAgeMs: number): Promise<void>;
  /** Receives every message on `subject`. */
  subscribe(subject: string, handler: (message: InboundMessage) => void): Closeable;
  /** Resolves once the server has seen every subscription made so far (round trip). */
  flush(): Promise<void>;
  /** Resolves right after what was published so far has been written to the socket (at the end of this turn). */
  written(): Promise<void>;
  /** True while connected to the bus. */
  isConnected(): boolean;
  /** Streams this process is serving right now. */
  activeStreams(): number;
  /** Stops serving, waits up to `graceMs` for active streams to finish, then disconnects. */
  close(graceMs?: number): Promise<void>;
}
