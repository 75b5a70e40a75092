import { Server, type CustomTransportStrategy, type MessageHandler } from '@nestjs/microservices';
import { BUS_ROUTES, busRoute, subscriptionsOf, type BusRoutes } from '@switchyard/contracts';
import { firstValueFrom, type Subscription } from 'rxjs';
import type { BusTransport, ChunkSource, Closeable, InboundMessage, ServeOptions } from '../transport';
import { BusContext } from './bus-context';

const EMPTY = new Uint8Array(0);
/** Events and plain requests cannot be cancelled by their sender. */
const NEVER = new AbortController().signal;

/** Options of a `BusServer`. */
export interface BusServerOptions {
  /** This replica's id: patterns with per-replica subjects are also served on its own subject. */
  replicaId?: string;
  /** Per streamed pattern: how its replies are batched and which chunks are reports (see `ServeOptions`). */
  streams?: Readonly<Record<string, Pick<ServeOptions, 'batchWindowMs' | 'classify'>>>;
  /** Where each pattern travels; `BUS_ROUTES` unless a test brings its own. */
  routes?: BusRoutes;
}

/**
 * The bus as a NestJS transport: serves the app's `@MessagePattern` and `@EventPattern` handlers over
 * `BusTransport`, which keeps its acks, keepalives, batching, cancels and shared reply inbox. Patterns are
 * logical names (`PATTERNS`); each is served on its NATS subjects (`subscriptionsOf`): the shared one with
 * its queue group, and this replica's own. A streamed pattern's handler returns an Observable of encoded
 * chunks; when the requester cancels or goes away it is unsubscribed. Payloads reach handlers as the bytes
 * that travelled (each app decodes and validates its own messages).
 */
export class BusServer extends Server implements CustomTransportStrategy {
  private readonly served = new Map<string, Closeable[]>();

  constructor(
    private readonly bus: BusTransport,
    private readonly options: BusServerOptions = {},
  ) {
    super();
  }

  async listen(callback: (error?: unknown) => void): Promise<void> {
    try {
      for (const [pattern, handler] of this.messageHandlers) this.served.set(pattern, this.serve(pattern, handler));
      // Whoever hears of this replica next can reach it: the server has every subscription.
      await this.bus.flush();
      callback();
    } catch (error) {
      callback(error);
    }
  }

  /** Stops taking messages of `pattern` (a draining replica); what is running goes on. */
  stop(pattern: string): void {
    for (const subscription of this.served.get(pattern) ?? []) subscription.close();
    this.served.delete(pattern);
  }

  close(): void {
    for (const pattern of [...this.served.keys()]) this.stop(pattern);
  }

  on(): never {
    throw new Error('the bus transport has no server events');
  }

  unwrap<T>(): T {
    return this.bus as T;
  }

  private serve(pattern: string, handler: MessageHandler): Closeable[] {
    const routes = this.options.routes ?? BUS_ROUTES;
    const stream = busRoute(pattern, routes).stream === true;
    return subscriptionsOf(pattern, this.options.replicaId, routes).map(({ subject, queue }) => {
      if (handler.isEventHandler) {
        return this.bus.subscribe(subject, (message) => {
          // Nest's exception filters answer a handler's own errors; this catches what would escape them.
          this.handleEvent(pattern, { pattern, data: message.data }, new BusContext([message, NEVER])).catch((error: unknown) => this.handleError(String(error)));
        });
      }
      if (stream) {
        return this.bus.serveStream(subject, (message, signal) => this.stream(handler, message, signal), { queue, ...this.options.streams?.[pattern] });
      }
      return this.bus.serve(subject, (message) => this.reply(handler, message), { queue });
    });
  }

  /** The handler's Observable, subscribed by the transport (which unsubscribes when the requester leaves). */
  private stream(handler: MessageHandler, message: InboundMessage, signal: AbortSignal): ChunkSource {
    const replies = handler(message.data, new BusContext([message, signal]));
    return {
      subscribe: (observer) => {
        let subscription: Subscription | undefined;
        let closed = false;
        replies.then(
          (result) => {
            if (!closed) subscription = this.transformToObservable<Uint8Array>(result).subscribe(observer);
          },
          (error: unknown) => observer.error(error),
        );
        return {
          unsubscribe: () => {
            closed = true;
            subscription?.unsubscribe();
          },
        };
      },
    };
  }

  private async reply(handler: MessageHandler, message: InboundMessage): Promise<Uint8Array> {
    const reply = this.transformToObservable<Uint8Array>(await handler(message.data, new BusContext([message, NEVER])));
    return firstValueFrom(reply, { defaultValue: EMPTY });
  }
}
