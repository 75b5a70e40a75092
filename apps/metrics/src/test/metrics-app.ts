import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { ConfigSchema } from '@switchyard/config';
import { EVENTS_STREAM } from '@switchyard/contracts';
import { encodeJson } from '@switchyard/nats';
import { createLogger } from '@switchyard/observability';
import { bootstrapService } from '@switchyard/runtime';
import { waitFor } from '@switchyard/testing';
import { connect, type NatsConnection } from 'nats';
import { AppModule } from '../app/app.module';

/** The admin token test apps are configured with. */
export const ADMIN_TOKEN = 'test-admin-token-0123456789abcdef';

/** A metrics app running in this process, and its base URL. */
export interface RunningMetrics {
  app: NestFastifyApplication;
  url: string;
  /** `GET /metrics` as text. */
  scrape(): Promise<string>;
  /** `GET /v1/usage?<query>` with the admin token (or `authorization`); status and JSON body. */
  usage(query: string, authorization?: string | null): Promise<{ status: number; body: unknown }>;
  close(): Promise<void>;
}

/** Starts the metrics app on a free port against `natsUrl`, and waits until it consumes events. */
export async function startMetrics(natsUrl: string, metrics: Record<string, unknown> = {}): Promise<RunningMetrics> {
  const config = ConfigSchema.parse({ nats: { url: natsUrl }, metrics: { adminToken: ADMIN_TOKEN, ...metrics } });
  const logger = createLogger('metrics', process.env['TEST_LOG_LEVEL'] ?? 'silent');
  const app = await bootstrapService({ service: 'metrics', module: AppModule.register(config, logger), host: '127.0.0.1', port: 0, logger });
  const url = await app.getUrl();
  await waitFor(async () => (await fetch(`${url}/health/ready`)).status === 200, 10_000, 'the metrics service to be ready');
  return {
    app,
    url,
    scrape: async () => (await fetch(`${url}/metrics`)).text(),
    usage: async (query, authorization = `Bearer ${ADMIN_TOKEN}`) => {
      const res = await fetch(`${url}/v1/usage?${query}`, { headers: authorization === null ? {} : { authorization } });
      return { status: res.status, body: await res.json() };
    },
    close: () => app.close(),
  };
}

/** Publishes `event` into the events stream on `subject`, like the gateway and router do, and waits until it is stored. */
export async function publishEvent(nc: NatsConnection, subject: string, event: unknown, id: string): Promise<void> {
  await nc.jetstream().publish(subject, encodeJson(event), { msgID: `${subject}:${id}` });
}

/** A plain NATS connection for the test itself. */
export function connectTestClient(natsUrl: string): Promise<NatsConnection> {
  return connect({ servers: natsUrl, name: 'metrics-test' });
}

/** Events in the stream that the durable consumer `consumer` has not been delivered yet. */
export async function pendingEvents(nc: NatsConnection, consumer = 'switchyard-metrics'): Promise<{ pending: number; ackPending: number }> {
  const info = await (await nc.jetstreamManager()).consumers.info(EVENTS_STREAM.name, consumer);
  return { pending: info.num_pending, ackPending: info.num_ack_pending };
}
