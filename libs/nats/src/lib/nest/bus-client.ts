import { ClientProxy, type ReadPacket, type WritePacket } from '@nestjs/microservices';
import { Observable } from 'rxjs';
import { BUS_ROUTES, busRoute, subjectOf, type BusRoutes } from '@switchyard/contracts';
import type { BusTransport } from '../transport';
import { BusRecord } from './bus-record';

/** Plain requests without a `timeoutMs` wait this long for their reply. */
const DEFAULT_TIMEOUT_MS = 5_000;

/**
 * The client side of the bus as a NestJS transport: `send(pattern, record)` is an Observable of the reply
 * (one value) or, for a streamed pattern, of every chunk until the stream ends; unsubscribing cancels the
 * responder's work. `emit(pattern, record)` publishes an event. The pattern and the record's `to` choose the
 * subject (`subjectOf`); the transport's failures (`BusTimeoutError`, `NoRespondersError`, …) arrive as the
 * Observable's error, unchanged.
 */
export class BusClient extends ClientProxy {
  constructor(
    private readonly bus: BusTransport,
    /** Where each pattern travels; `BUS_ROUTES` unless a test brings its own. */
    private readonly routes: BusRoutes = BUS_ROUTES,
  ) {
    super();
  }

  connect(): Promise<BusTransport> {
    return Promise.resolve(this.bus);
  }

  /** The transport is closed with the app (`NatsModule`), not by its clients. */
  close(): void {
    // nothing of its own to release
  }

  unwrap<T>(): T {
    return this.bus as T;
  }

  /** As `ClientProxy.send`, without its wait for `connect` (the bus is connected before the app starts): one Observable, no operators. */
  override send<TResult = Uint8Array, TInput = BusRecord>(pattern: string, data: TInput): Observable<TResult> {
    return new Observable<TResult>((observer) => this.publish({ pattern, data } as ReadPacket<BusRecord>, this.createObserver(observer)));
  }

  protected publish(packet: ReadPacket<BusRecord>, callback: (packet: WritePacket) => void): () => void {
    const { payload, options } = recordOf(packet);
    const subject = subjectOf(packet.pattern, options.to, this.routes);
    if (busRoute(packet.pattern, this.routes).stream !== true) {
      this.bus.request(subject, payload, { timeoutMs: options.timeoutMs ?? DEFAULT_TIMEOUT_MS, headers: options.headers }).then(
        (response) => callback({ response, isDisposed: true }),
        (err: unknown) => callback({ err }),
      );
      return () => undefined;
    }
    const replies = this.bus.requestReplies(subject, payload, {
      ...options,
      ackTimeoutMs: options.ackTimeoutMs ?? DEFAULT_TIMEOUT_MS,
      idleTimeoutMs: options.idleTimeoutMs ?? DEFAULT_TIMEOUT_MS,
    });
    // Unsubscribing before the end cancels the responder's work.
    const subscription = replies.subscribe({
      next: (response) => callback({ response }),
      error: (err) => callback({ err }),
      complete: () => callback({ isDisposed: true }),
    });
    return () => subscription.unsubscribe();
  }

  /** Publishes; resolves to nothing (an event has no answer). */
  protected dispatchEvent<T = undefined>(packet: ReadPacket<BusRecord>): Promise<T> {
    try {
      const { payload, options } = recordOf(packet);
      this.bus.publish(subjectOf(packet.pattern, options.to, this.routes), payload, options.headers);
      return Promise.resolve(undefined as T);
    } catch (error) {
      return Promise.reject(error);
    }
  }
}

function recordOf(packet: ReadPacket<unknown>): BusRecord {
  if (!(packet.data instanceof BusRecord)) throw new TypeError(`the bus sends BusRecords ('${String(packet.pattern)}' got something else)`);
  return packet.data;
}
