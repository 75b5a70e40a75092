import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { ConfigSchema } from '@switchyard/config';
import { NatsTransport } from '@switchyard/nats';
import { createLogger } from '@switchyard/observability';
import { bootstrapService } from '@switchyard/runtime';
import { freePort, startTestNats, type TestNats } from '@switchyard/testing';
import { AppModule } from '../app.module';

/** A worker-local app on its own NATS connection, and a client to talk to it. */
export interface TestWorker {
  workerId: string;
  client: NatsTransport;
  app: NestFastifyApplication;
  /** Base URL of its HTTP server. */
  url: string;
  close(): Promise<void>;
}

/** Model entries as `workerLocal.models` takes them. */
type ModelEntries = Array<Record<string, unknown>>;

/**
 * Starts worker-local with real llama.cpp on `models` (1 thread: on the 2-core test machines more
 * threads run far slower) against a test NATS server.
 */
export async function startTestWorker(name: string, models: ModelEntries): Promise<TestWorker> {
  const workerId = `${name}-${process.pid}-${Date.now().toString(36)}`;
  const nats: TestNats = await startTestNats();
  const client = await NatsTransport.connect({ url: nats.url, name: `${name}-client` });
  const port = await freePort();
  const config = ConfigSchema.parse({
    nats: { url: nats.url },
    workerLocal: { id: workerId, host: '127.0.0.1', port, gpu: false, threads: 1, heartbeatMs: 5_000, models },
  });
  const logger = createLogger('worker-local', process.env['TEST_LOG_LEVEL'] ?? 'silent');
  const app = await bootstrapService({ service: 'worker-local', module: AppModule.register(config, logger), host: '127.0.0.1', port, logger });
  return {
    workerId,
    client,
    app,
    url: `http://127.0.0.1:${port}`,
    close: async () => {
      await app.close();
      await client.close(0);
      await nats.stop();
    },
  };
}
