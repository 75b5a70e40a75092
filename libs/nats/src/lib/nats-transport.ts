import {
  connect,
  createInbox,
  headers as natsHeaders,
  nanos,
  nuid,
  RetentionPolicy,
  StorageType,
  type Msg,
  type MsgHdrs,
  type NatsConnection,
  type Subscription,
} from 'nats';
import {
  BusDisconnectedError,
  BusTimeoutError,
  NoRespondersError,
  PayloadTooLargeError,
  RemoteHandlerError,
} from './errors';
import { DurableAcks } from './durable-acks';
import { ACK_WITHIN_HEADER, CANCEL_HEADER, CONTROLS, controlHeaders, DATA_TO_HEADER, GATE_HEADER, FRAME_HEADER, frameHeaders, FRAMES, HOLD_HEADER } from './frames';
import { decodeText, encodeText } from './json';
import { iterate } from './iterate';
import { RequestedStream } from './requested-stream';
import { ServedStreams } from './served-streams';
import { natsConnectOptions, type NatsConnectionSettings } from './connection-settings';
import { batchWritesPerTurn, type AfterWrite } from './write-batching';
import { messageOf, sleep, toInbound, toNatsHeaders } from './nats-messages';
import type {
  BusTransport,
  Closeable,
  InboundMessage,
  MessageHeaders,
  RequestHandler,
  ServeOptions,
  ChunkObserver,
  ChunkSource,
  StreamHandler,
  StreamRequestOptions,
} from './transport';

/** Settings of the NATS transport. */
export interface NatsTransportOptions extends NatsConnectionSettings {
  /** Connection name, shown by the server (`switchyard-gateway`). */
  name: string;
  /** How often a responder proves it is alive while a stream is quiet. */
  keepaliveMs?: number;
  /** How often silent requested streams are checked against their limits. */
  sweepMs?: number;
}

/** How long JetStream has to acknowledge a durable publish. */
const DURABLE_ACK_TIMEOUT_MS = 5_000;

const NO_SUBSCRIPTION = { unsubscribe: (): void => undefined };

/** The NATS implementation of `BusTransport`: one shared inbox for all streamed replies. */
export class NatsTransport implements BusTransport {
  private readonly inboxPrefix = createInbox();
  private readonly cancelSubject = `switchyard._cancel.${nuid.next()}`;
  private readonly pending = new Map<string, RequestedStream>();
  private readonly served: ServedStreams;
  private readonly durableAcks = new DurableAcks();
  private readonly subscriptions = new Set<Subscription>();
  private readonly timer: NodeJS.Timeout;
  private connected = true;
  private closing = false;

  private constructor(
    private readonly nc: NatsConnection,
    private readonly keepaliveMs: number,
    sweepMs: number,
    private readonly afterWrite: AfterWrite | undefined,
  ) {
    nc.subscribe(`${this.inboxPrefix}.*`, { callback: (_err, msg) => this.onReply(msg) });
    this.served = new ServedStreams((subject, payload, headers) => {
      if (!nc.isClosed()) nc.publish(subject, payload, { headers });
    }, this.cancelSubject);
    nc.subscribe(this.cancelSubject, { callback: (_err, msg) => this.served.onControl(msg) });
    this.timer = setInterval(() => this.sweep(), sweepMs);
    this.timer.unref();
    void this.watchStatus();
  }

  /** Connects (retrying until the server answers) and returns a ready transport. */
  static async connect(options: NatsTransportOptions): Promise<NatsTransport> {
    const nc = await connect({
      ...natsConnectOptions(options),
      name: options.name,
      pingInterval: 10_000,
    });
    return new NatsTransport(nc, options.keepaliveMs ?? 1_000, options.sweepMs ?? 100, batchWritesPerTurn(nc));
  }

  async flush(): Promise<void> {
    await this.nc.flush();
  }

  written(): Promise<void> {
    const afterWrite = this.afterWrite;
    // Without the batching, nats.js writes in a microtask: the next turn comes after it.
    if (afterWrite === undefined || this.nc.isClosed()) return new Promise((resolve) => setImmediate(resolve));
    return new Promise((resolve) => afterWrite(resolve));
  }

  publishDurable(subject: string, payload: Uint8Array, options: { msgId?: string; headers?: MessageHeaders } = {}): Promise<void> {
    if (!this.isConnected()) return Promise.reject(new BusDisconnectedError());
    const token = nuid.next();
    const headers = toNatsHeaders(options.headers) ?? natsHeaders();
    if (options.msgId !== undefined) headers.set('Nats-Msg-Id', options.msgId);
    const acked = this.durableAcks.expect(token, subject, DURABLE_ACK_TIMEOUT_MS);
    this.nc.publish(subject, payload, { reply: `${this.inboxPrefix}.${token}`, headers });
    return acked;
  }

  async ensureStream(name: string, subjects: readonly string[], maxAgeMs: number): Promise<void> {
    const manager = await this.nc.jetstreamManager();
    try {
      await manager.streams.info(name);
    } catch {
      await manager.streams.add({
        name,
        subjects: [...subjects],
        storage: StorageType.File,
        retention: RetentionPolicy.Limits,
        max_age: nanos(maxAgeMs),
        duplicate_window: nanos(Math.min(120_000, maxAgeMs)),
      });
    }
  }

  isConnected(): boolean {
    return this.connected && !this.nc.isClosed();
  }

  activeStreams(): number {
    return this.served.size;
  }

  async *requestStream(subject: string, payload: Uint8Array, options: StreamRequestOptions): AsyncIterable<Uint8Array> {
    yield* iterate(this.requestReplies(subject, payload, options), options.signal);
  }

  requestReplies(subject: string, payload: Uint8Array, options: Omit<StreamRequestOptions, 'signal'>): ChunkSource {
    return { subscribe: (observer) => this.startRequest(subject, payload, options, observer) };
  }

  private startRequest(subject: string, payload: Uint8Array, options: Omit<StreamRequestOptions, 'signal'>, observer: ChunkObserver): { unsubscribe(): void } {
    if (!this.isConnected()) {
      observer.error(new BusDisconnectedError());
      return NO_SUBSCRIPTION;
    }
    const token = nuid.next();
    const reply = `${this.inboxPrefix}.${token}`;
    const { dataTo } = options;
    const stream = new RequestedStream(subject, options, observer, {
      done: () => this.pending.delete(token),
      cancel: (cancelTo, control) => {
        if (!this.isConnected()) return;
        this.nc.publish(cancelTo, encodeText(reply), control === undefined ? undefined : { headers: controlHeaders(control) });
      },
      handedOff: () => {
        if (dataTo !== undefined) this.served.outboxOf(dataTo)?.handOff?.();
      },
    });
    this.pending.set(token, stream);
    const requestHeaders = toNatsHeaders(options.headers) ?? natsHeaders();
    requestHeaders.set(ACK_WITHIN_HEADER, String(options.ackTimeoutMs));
    if (dataTo !== undefined) {
      requestHeaders.set(DATA_TO_HEADER, dataTo);
      if (options.hold) requestHeaders.set(HOLD_HEADER, '1');
      if (options.released !== undefined) {
        requestHeaders.set(GATE_HEADER, '1');
        void options.released.then(() => stream.ask(CONTROLS.release));
      }
    }
    void options.withdrawn?.then(() => stream.ask(CONTROLS.withdraw));
    try {
      this.publishChecked(subject, payload, { reply, headers: requestHeaders });
    } catch (error) {
      this.pending.delete(token);
      observer.error(error);
      return NO_SUBSCRIPTION;
    }
    return { unsubscribe: () => stream.leave() };
  }

  serveStream(subject: string, handler: StreamHandler, options: ServeOptions = {}): Closeable {
    return this.keep(
      this.nc.subscribe(subject, {
        queue: options.queue,
        callback: (_err, msg) => {
          if (msg.reply && !this.closing) void this.served.run(msg, msg.reply, handler, options);
        },
      }),
    );
  }

  /** Publishes, turning nats.js's refusal of a message over the server's `max_payload` into a typed error. */
  private publishChecked(subject: string, payload: Uint8Array, options: { reply?: string; headers?: ReturnType<typeof natsHeaders> }): void {
    try {
      this.nc.publish(subject, payload, options);
    } catch (error) {
      if ((error as { code?: string }).code === 'MAX_PAYLOAD_EXCEEDED') throw new PayloadTooLargeError(subject, payload.length, this.nc.info?.max_payload);
      throw error;
    }
  }

  async request(
    subject: string,
    payload: Uint8Array,
    options: { timeoutMs: number; headers?: MessageHeaders },
  ): Promise<Uint8Array> {
    if (!this.isConnected()) throw new BusDisconnectedError();
    try {
      const msg = await this.nc.request(subject, payload, { timeout: options.timeoutMs, headers: toNatsHeaders(options.headers) });
      if (msg.headers?.get(FRAME_HEADER) === FRAMES.error) throw new RemoteHandlerError(subject, decodeText(msg.data));
      return msg.data;
    } catch (error) {
      const code = (error as { code?: string }).code;
      if (code === '503') throw new NoRespondersError(subject);
      if (code === 'TIMEOUT') throw new BusTimeoutError(subject, 'reply');
      throw error;
    }
  }

  serve(subject: string, handler: RequestHandler, options: ServeOptions = {}): Closeable {
    return this.keep(
      this.nc.subscribe(subject, {
        queue: options.queue,
        callback: (_err, msg) => {
          if (!msg.reply) return;
          const reply = msg.reply;
          handler(toInbound(msg)).then(
            (data) => this.nc.publish(reply, data),
            (error: unknown) => this.nc.publish(reply, encodeText(messageOf(error)), { headers: frameHeaders(FRAMES.error) }),
          );
        },
      }),
    );
  }

  publish(subject: string, payload: Uint8Array, headers?: MessageHeaders): void {
    if (this.nc.isClosed()) return;
    this.nc.publish(subject, payload, { headers: toNatsHeaders(headers) });
  }

  subscribe(subject: string, handler: (message: InboundMessage) => void): Closeable {
    return this.keep(this.nc.subscribe(subject, { callback: (_err, msg) => handler(toInbound(msg)) }));
  }

  async close(graceMs = 10_000): Promise<void> {
    if (this.closing) return;
    this.closing = true;
    for (const sub of this.subscriptions) sub.unsubscribe();
    const until = Date.now() + graceMs;
    while (this.served.size > 0 && Date.now() < until) await sleep(50);
    this.served.abortAll();
    clearInterval(this.timer);
    if (!this.nc.isClosed()) await this.nc.drain().catch(() => this.nc.close());
  }

  private keep(sub: Subscription): Closeable {
    this.subscriptions.add(sub);
    return {
      close: () => {
        this.subscriptions.delete(sub);
        sub.unsubscribe();
      },
    };
  }

  private onReply(msg: Msg): void {
    const token = msg.subject.slice(this.inboxPrefix.length + 1);
    const queue = this.pending.get(token);
    if (queue !== undefined) return queue.push(msg);
    if (this.durableAcks.acknowledge(token, msg)) return;
    // A stream this process already left (aborted or timed out before the responder's ack arrived):
    // the first message names where to cancel, so the responder stops working for nobody.
    const cancel = msg.headers?.get(CANCEL_HEADER);
    if (cancel && !this.nc.isClosed()) this.nc.publish(cancel, encodeText(msg.subject));
  }

  /** Times out silent requested streams and sends keepalives on quiet served ones. */
  private sweep(): void {
    const now = Date.now();
    for (const queue of this.pending.values()) {
      if (queue.failed) continue;
      if (now >= queue.deadline) queue.fail(new BusTimeoutError('stream', 'deadline'));
      else if (now - queue.lastActivity > queue.silenceLimitMs) queue.fail(new BusTimeoutError('stream', queue.phase));
    }
    this.durableAcks.sweep(now);
    if (this.nc.isClosed()) return;
    this.served.keepalive(now, this.keepaliveMs);
  }

  private async watchStatus(): Promise<void> {
    for await (const status of this.nc.status()) {
      if (status.type === 'disconnect') {
        this.connected = false;
        for (const queue of this.pending.values()) queue.fail(new BusDisconnectedError());
        this.durableAcks.failAll(new BusDisconnectedError());
      } else if (status.type === 'reconnect') {
        this.connected = true;
      }
    }
  }
}
