import { Inject, Injectable, type BeforeApplicationShutdown, type OnApplicationBootstrap } from '@nestjs/common';
import { EVENTS_STREAM, SUBJECTS, UsageEventSchema, WorkerGoodbyeSchema, WorkerHeartbeatSchema, type RouteEntry } from '@switchyard/contracts';
import { decodeJson, natsConnectOptions } from '@switchyard/nats';
import type { Logger } from '@switchyard/observability';
import { connect, DeliverPolicy, type NatsConnection } from 'nats';
import type { KeyBackend } from '../auth/key-backend';
import { KEY_BACKEND } from '../auth/auth.constants';
import { LOGGER } from '../gateway.constants';
import { CONSOLE_SETTINGS } from './console.constants';
import type { ConsoleSettings } from './console-settings';
import { RouteLog, ROUTE_LOG_DEFAULTS } from './route-log';

/** One event of the live feed: its SSE name and its JSON (one line). */
export type FeedListener = (event: 'route' | 'worker' | 'goodbye', json: string) => void;

/** How long to wait before reading the events stream again after it failed (the stream may not exist yet). */
const RETRY_MS = 5_000;

/**
 * The console's view of the fleet, on a NATS connection of its own and only while an admin token is set: every
 * worker's heartbeats and goodbyes as they come, and every finished request from the durable events stream (from
 * fifteen minutes back, so the overview is whole from the start), kept in a `RouteLog` and passed on to the feeds.
 */
@Injectable()
export class ConsoleFeed implements OnApplicationBootstrap, BeforeApplicationShutdown {
  readonly log = new RouteLog();
  private readonly listeners = new Set<FeedListener>();
  private nc?: NatsConnection;
  private stopped = false;

  constructor(
    @Inject(CONSOLE_SETTINGS) private readonly settings: ConsoleSettings,
    @Inject(KEY_BACKEND) private readonly keys: KeyBackend,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    if (this.settings.adminToken === undefined) return;
    try {
      this.nc = await connect({ ...natsConnectOptions(this.settings.nats), name: 'switchyard-gateway-console' });
    } catch (error) {
      this.logger.warn({ err: error }, 'the console cannot reach NATS: its live views stay empty');
      return;
    }
    this.nc.subscribe(SUBJECTS.workerHeartbeat, { callback: (_err, msg) => this.relay('worker', msg.data, WorkerHeartbeatSchema) });
    this.nc.subscribe(SUBJECTS.workerGoodbye, { callback: (_err, msg) => this.relay('goodbye', msg.data, WorkerGoodbyeSchema) });
    void this.followRequests(this.nc);
  }

  /** Feeds stop with the gateway: their clients reconnect to another replica. */
  async beforeApplicationShutdown(): Promise<void> {
    this.stopped = true;
    this.listeners.clear();
    await this.nc?.drain().catch(() => undefined);
  }

  /** Calls `listener` with every event from now on; returns what stops it. */
  subscribe(listener: FeedListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private emit(event: 'route' | 'worker' | 'goodbye', json: string): void {
    for (const listener of this.listeners) listener(event, json);
  }

  /** Passes on a heartbeat or goodbye that is what it says it is (validated: it goes to browsers). */
  private relay(event: 'worker' | 'goodbye', data: Uint8Array, schema: typeof WorkerHeartbeatSchema | typeof WorkerGoodbyeSchema): void {
    if (this.listeners.size === 0) return;
    try {
      this.emit(event, JSON.stringify(decodeJson(data, schema)));
    } catch {
      // Not a heartbeat: the routers log those; the console shows nothing for it.
    }
  }

  /** Reads finished requests from the events stream until the gateway stops, going on after the last one it read when it fails. */
  private async followRequests(nc: NatsConnection): Promise<void> {
    const since = new Date(Date.now() - ROUTE_LOG_DEFAULTS.windowMs).toISOString();
    let lastSeq = 0;
    let warned = false;
    while (!this.stopped && !nc.isClosed()) {
      try {
        const start = lastSeq === 0 ? { deliver_policy: DeliverPolicy.StartTime, opt_start_time: since } : { deliver_policy: DeliverPolicy.StartSequence, opt_start_seq: lastSeq + 1 };
        // One subject as `filter_subject`: a list would need nats-server 2.10.
        const consumer = await nc.jetstream().consumers.get(EVENTS_STREAM.name, { filterSubjects: SUBJECTS.usageEvent, ...start });
        for await (const message of await consumer.consume()) {
          if (this.stopped) break;
          lastSeq = message.seq;
          const entry = this.entryOf(message.data);
          if (!entry) continue;
          this.log.add(entry, Date.now());
          this.emit('route', JSON.stringify(entry));
        }
      } catch (error) {
        if (this.stopped || nc.isClosed()) return;
        if (!warned) this.logger.warn({ err: error }, 'the console cannot read the events stream yet; trying again every 5 s');
        warned = true;
      }
      await new Promise((resolve) => setTimeout(resolve, RETRY_MS).unref());
    }
  }

  private entryOf(data: Uint8Array): RouteEntry | undefined {
    try {
      const event = decodeJson(data, UsageEventSchema);
      return { ...event, keyName: this.keys.directory?.get(event.keyId)?.name ?? null };
    } catch {
      return undefined;
    }
  }
}
