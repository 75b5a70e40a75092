import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { ConfigSchema } from '@switchyard/config';
import { SUBJECTS, WorkerHeartbeatSchema, type WorkerHeartbeat } from '@switchyard/contracts';
import { NatsTransport, decodeJson, type Closeable } from '@switchyard/nats';
import { createLogger } from '@switchyard/observability';
import { bootstrapService } from '@switchyard/runtime';
import { freePort, startFakeOpenAI, startTestNats, waitFor, type FakeUpstream, type TestNats } from '@switchyard/testing';
import { AppModule } from '../app.module';
import { resolveProvider } from '../provider/resolve-provider';

jest.setTimeout(20_000);

describe('worker-cloud heartbeats over NATS', () => {
  const workerId = `it-cloud-${process.pid}-${Date.now().toString(36)}`;
  const heartbeats: WorkerHeartbeat[] = [];
  let nats: TestNats;
  let upstream: FakeUpstream;
  let client: NatsTransport;
  let app: NestFastifyApplication;
  let sub: Closeable;

  beforeAll(async () => {
    nats = await startTestNats();
    upstream = await startFakeOpenAI();
    client = await NatsTransport.connect({ url: nats.url, name: 'worker-cloud-heartbeat-test' });
    sub = client.subscribe(SUBJECTS.workerHeartbeat, (message) => {
      const heartbeat = decodeJson(message.data, WorkerHeartbeatSchema);
      if (heartbeat.workerId === workerId) heartbeats.push(heartbeat);
    });
    const port = await freePort();
    const config = ConfigSchema.parse({
      nats: { url: nats.url },
      workerCloud: {
        id: workerId,
        heartbeatMs: 100,
        providers: [{ name: 'fake', kind: 'openai-compatible', baseUrl: upstream.url, models: ['echo'] }],
      },
    });
    const logger = createLogger('worker-cloud', process.env['TEST_LOG_LEVEL'] ?? 'silent');
    const module = AppModule.register(config, logger, resolveProvider(config.workerCloud, {}));
    app = await bootstrapService({ service: 'worker-cloud', module, host: '127.0.0.1', port, logger });
  });

  afterAll(async () => {
    sub?.close();
    await app?.close();
    await client?.close(0);
    await upstream?.close();
    await nats?.stop();
  });

  it('reports its host CPU and memory, and no GPUs', async () => {
    await waitFor(() => heartbeats.length >= 2, 2_000, 'two heartbeats');
    for (const { resources } of heartbeats.slice(0, 2)) {
      expect(resources?.cpu.cores).toBeGreaterThanOrEqual(1);
      expect(resources?.cpu.processUtilisation).toBeGreaterThanOrEqual(0);
      expect(resources?.memory.processRssBytes).toBeGreaterThan(0);
      expect(resources?.memory.availableBytes).toBeLessThanOrEqual(resources?.memory.totalBytes ?? 0);
      expect(resources).not.toHaveProperty('gpus');
    }
    expect(heartbeats[0]).toMatchObject({ kind: 'cloud', provider: 'fake', upstream: { reachable: true } });
  });
});
