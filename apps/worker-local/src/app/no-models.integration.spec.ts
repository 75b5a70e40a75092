import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { ConfigSchema } from '@switchyard/config';
import { SUBJECTS, WorkerHeartbeatSchema, type WorkerHeartbeat } from '@switchyard/contracts';
import { NatsTransport, decodeJson, type Closeable } from '@switchyard/nats';
import { createLogger } from '@switchyard/observability';
import { bootstrapService } from '@switchyard/runtime';
import { freePort, startTestNats, waitFor, type TestNats } from '@switchyard/testing';
import { AppModule } from './app.module';
import { inferParts } from './testing/worker-client';

jest.setTimeout(20_000);

describe('worker-local with no models', () => {
  const workerId = `it-empty-${process.pid}-${Date.now().toString(36)}`;
  const heartbeats: WorkerHeartbeat[] = [];
  let dir: string;
  let nats: TestNats;
  let client: NatsTransport;
  let app: NestFastifyApplication;
  let baseUrl: string;
  let sub: Closeable;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'worker-local-empty-'));
    nats = await startTestNats();
    client = await NatsTransport.connect({ url: nats.url, name: 'worker-local-empty-test' });
    sub = client.subscribe(SUBJECTS.workerHeartbeat, (message) => {
      const heartbeat = decodeJson(message.data, WorkerHeartbeatSchema);
      if (heartbeat.workerId === workerId) heartbeats.push(heartbeat);
    });
    const port = await freePort();
    const config = ConfigSchema.parse({
      nats: { url: nats.url },
      workerLocal: { id: workerId, host: '127.0.0.1', port, modelsDir: dir, defaultModel: false, heartbeatMs: 100 },
    });
    const logger = createLogger('worker-local', process.env['TEST_LOG_LEVEL'] ?? 'silent');
    app = await bootstrapService({ service: 'worker-local', module: AppModule.register(config, logger), host: '127.0.0.1', port, logger });
    baseUrl = `http://127.0.0.1:${port}`;
  });

  afterAll(async () => {
    sub?.close();
    await app?.close();
    await client?.close(0);
    await nats?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('stays up and reports not ready, naming the models check', async () => {
    const live = await fetch(`${baseUrl}/health`);
    expect(live.status).toBe(200);
    const ready = await fetch(`${baseUrl}/health/ready`);
    expect(ready.status).toBe(503);
    await expect(ready.json()).resolves.toEqual({ status: 'not_ready', checks: { nats: true, models: false, accepting: true } });
  });

  it('heartbeats with an empty model list and no capacity', async () => {
    await waitFor(() => heartbeats.length > 0, 2_000, 'a heartbeat');
    expect(heartbeats[0]).toMatchObject({ models: [], capacity: 0 });
  });

  it("answers 'model_not_found' to any request", async () => {
    const parts = await inferParts(client, workerId, {}, { target: 'local:stories260k' });
    expect(parts).toEqual([expect.objectContaining({ type: 'error', code: 'model_not_found' })]);
  });
});
