import { Inject, Injectable, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { EVENTS_STREAM } from '@switchyard/contracts';
import { BUS, type BusTransport } from '@switchyard/nats';
import type { Logger } from '@switchyard/observability';
import { eventsMaxAgeMs } from '@switchyard/runtime';
import { ConsumerEvents, type ConsumerMessages, type NatsConnection } from 'nats';
import { EventBatchProcessor } from '../events/event-batch';
import { EventPump, MAX_BATCH } from '../events/event-pump';
import type { EventRecorder } from '../events/event-recorder';
import { SeenSequences } from '../events/seen-sequences';
import { LOGGER, PIPELINE_SETTINGS, RECORDER, type PipelineSettings } from '../metrics.constants';
import { KvUsageStore, type UsageStore } from '../usage/usage-store';
import { connectJetStream, ensureEventsConsumer, openUsageBucket } from './jetstream-setup';

/** Wait between attempts to set up JetStream (stream, bucket, consumer), in ms. */
const SETUP_RETRY_MS = 2_000;
/** How long shutdown waits for a set-up in progress, in ms. */
const SHUTDOWN_WAIT_MS = 2_000;

/**
 * The durable half of the metrics service: makes sure the events stream, the usage bucket and the
 * durable consumer exist, then consumes events in batches (aggregate stored, metric counted, event
 * acknowledged). Until JetStream can be used it retries every two seconds and reports not ready;
 * the live gauges (heartbeats) work meanwhile.
 */
@Injectable()
export class EventsPipeline implements OnApplicationBootstrap, OnApplicationShutdown {
  private nc: NatsConnection | undefined;
  private messages: ConsumerMessages | undefined;
  private pump: EventPump | undefined;
  private store: UsageStore | undefined;
  private stopping = false;
  /** Set when the consumer or the stream was deleted under the service. */
  private lost = false;
  private starting: Promise<void> | undefined;
  /** Ends the wait between two set-up attempts early (at shutdown). */
  private wake: (() => void) | undefined;
  /** Events counted so far, kept across consumer restarts so that a redelivered one is not counted again. */
  private readonly seen = new SeenSequences();

  constructor(
    @Inject(BUS) private readonly bus: BusTransport,
    @Inject(PIPELINE_SETTINGS) private readonly settings: PipelineSettings,
    @Inject(RECORDER) private readonly recorder: EventRecorder,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  onApplicationBootstrap(): void {
    this.starting = this.startWithRetry();
  }

  async onApplicationShutdown(): Promise<void> {
    this.stopping = true;
    this.wake?.();
    // A set-up still waiting for NATS must not hold the shutdown; closing the connection ends it.
    await Promise.race([this.starting, new Promise((resolve) => setTimeout(resolve, SHUTDOWN_WAIT_MS).unref())]);
    await this.stopConsuming();
    await this.nc?.drain().catch(() => undefined);
  }

  /** True while events are being consumed. */
  get consuming(): boolean {
    return this.messages !== undefined && !this.lost && this.nc !== undefined && !this.nc.isClosed();
  }

  /** The usage aggregates, once the bucket is open. */
  usageStore(): UsageStore | undefined {
    return this.store;
  }

  private async startWithRetry(): Promise<void> {
    let lastProblem = '';
    while (!this.stopping) {
      try {
        await this.start();
        return;
      } catch (error) {
        const problem = describeProblem(error);
        if (problem !== lastProblem) this.logger.warn({ err: error }, `events pipeline not started (retrying every ${SETUP_RETRY_MS / 1000} s): ${problem}`);
        lastProblem = problem;
        await new Promise<void>((resolve) => {
          this.wake = resolve;
          setTimeout(resolve, SETUP_RETRY_MS).unref();
        });
      }
    }
  }

  private async start(): Promise<void> {
    const { metrics, nats } = this.settings;
    if (!this.nc) {
      const nc = await connectJetStream(nats, 'switchyard-metrics-events');
      if (this.stopping) return void (await nc.close());
      this.nc = nc;
    }
    const kv = await openUsageBucket(this.nc, { bucket: metrics.usageBucket, replicas: metrics.kvReplicas, retentionDays: metrics.usageRetentionDays });
    this.store = new KvUsageStore(kv);
    await this.ensureStreamAndConsumer(this.nc);
    if (this.stopping) return;
    const processor = new EventBatchProcessor(this.store, this.recorder, this.logger, this.seen);
    const pump = new EventPump(
      (batch) => processor.process(batch),
      (error) => this.logger.error({ err: error }, 'event batch failed; its events will be offered again'),
      metrics.eventBatchMs,
    );
    const consumer = await this.nc.jetstream().consumers.get(EVENTS_STREAM.name, metrics.consumer);
    this.pump = pump;
    this.messages = await consumer.consume({ max_messages: MAX_BATCH, callback: (message) => pump.push(message) });
    this.logger.info({ stream: EVENTS_STREAM.name, consumer: metrics.consumer, bucket: metrics.usageBucket }, 'consuming events');
    void this.messages.closed().then(() => this.onClosed());
    void this.watchForLoss(this.messages);
  }

  /** Creates the events stream and the durable consumer, each when missing. */
  private async ensureStreamAndConsumer(nc: NatsConnection): Promise<void> {
    await this.bus.ensureStream(EVENTS_STREAM.name, EVENTS_STREAM.subjects, eventsMaxAgeMs(this.settings));
    await ensureEventsConsumer(await nc.jetstreamManager(), this.settings.metrics.consumer);
  }

  /**
   * Someone deleted the consumer or the stream. It is not created again here: a new consumer would
   * count every event still in the stream a second time. The service says so and reports not ready.
   */
  private async watchForLoss(messages: ConsumerMessages): Promise<void> {
    const lost: string[] = [ConsumerEvents.ConsumerDeleted, ConsumerEvents.ConsumerNotFound, ConsumerEvents.StreamNotFound];
    for await (const status of await messages.status()) {
      if (!lost.includes(status.type) || this.stopping || this.lost) continue;
      this.lost = true;
      this.logger.error(
        { consumer: this.settings.metrics.consumer, stream: EVENTS_STREAM.name, event: status.type },
        'the events consumer or stream was deleted: no event is counted until the service restarts (which creates them again, counting every event still in the stream anew)',
      );
    }
  }

  /** The consumer stopped without being asked to (consumer deleted, connection closed): set up again. */
  private onClosed(): void {
    if (this.stopping) return;
    this.logger.warn({}, 'event consumer closed; setting it up again');
    const pump = this.pump;
    this.messages = undefined;
    this.pump = undefined;
    void pump?.stop();
    this.starting = this.startWithRetry();
  }

  private async stopConsuming(): Promise<void> {
    const messages = this.messages;
    this.messages = undefined;
    await messages?.close().catch(() => undefined);
    await this.pump?.stop();
  }
}

/** What went wrong setting up, in words an operator can act on. */
function describeProblem(error: unknown): string {
  const { code, message } = error as { code?: string; message?: string };
  if (code === '503') return 'JetStream is not enabled on the NATS server (start nats-server with -js)';
  return message ?? String(error);
}
