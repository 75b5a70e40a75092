import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { BUS, type BusTransport } from '@switchyard/nats';
import { createLogger } from '@switchyard/observability';
import { startTestNats, type TestNats } from '@switchyard/testing';
import { bootstrapService } from './bootstrap';
import { BusServiceModule } from './bus-service.module';
import { SWITCHYARD_VERSION } from './version';

describe('a bus service (the frame every app shares) over a real NATS server', () => {
  let nats: TestNats;
  let app: NestFastifyApplication;
  let url: string;

  beforeAll(async () => {
    nats = await startTestNats();
    app = await bootstrapService({
      service: 'probe',
      module: BusServiceModule.register({ service: 'probe', natsUrl: nats.url }),
      host: '127.0.0.1',
      port: 0,
      logger: createLogger('probe', 'silent'),
    });
    url = await app.getUrl();
  });

  afterAll(async () => {
    await app?.close();
    await nats.stop();
  });

  it('answers /health with its name and version', async () => {
    const res = await fetch(`${url}/health`);
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ status: 'ok', service: 'probe', version: SWITCHYARD_VERSION });
  });

  it('is ready while NATS is connected', async () => {
    const res = await fetch(`${url}/health/ready`);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ status: 'ready', checks: { nats: true } });
  });

  it('reports not ready (503) once its NATS connection is gone', async () => {
    const bus = app.get<BusTransport>(BUS, { strict: false });
    await bus.close(0);
    const res = await fetch(`${url}/health/ready`);
    expect(res.status).toBe(503);
    expect(await res.json()).toEqual({ status: 'not_ready', checks: { nats: false } });
  });
});
