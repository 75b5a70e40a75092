import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { ConfigSchema } from '@switchyard/config';
import { EVENTS_STREAM } from '@switchyard/contracts';
import { BUS, EventPublisher, type BusTransport } from '@switchyard/nats';
import { createLogger } from '@switchyard/observability';
import { startTestNats, type TestNats } from '@switchyard/testing';
import { connect } from 'nats';
import { Counter, type Registry } from 'prom-client';
import { bootstrapService } from './bootstrap';
import { Drain } from './drain';
import { shutDown } from './shutdown';
import { BusServiceModule, type BusServiceOptions } from './bus-service.module';
import { EVENTS, eventsMaxAgeMs } from './events';
import { METRICS_REGISTRY } from './metrics';
import { SWITCHYARD_VERSION } from './version';

/** A stream that yields one value a second and ends only when its signal aborts. */
async function* forever(signal: AbortSignal): AsyncGenerator<number> {
  for (let i = 0; !signal.aborted; i++) {
    await new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, 1_000);
      signal.addEventListener('abort', () => (clearTimeout(timer), resolve()), { once: true });
    });
    yield i;
  }
}

describe('a bus service (the frame every app shares) over a real NATS server', () => {
  let nats: TestNats;
  let app: NestFastifyApplication;
  let url: string;

  async function start(options: Partial<BusServiceOptions> = {}): Promise<NestFastifyApplication> {
    return bootstrapService({
      service: 'probe',
      module: BusServiceModule.register({ service: 'probe', nats: { url: nats.url }, shutdownGraceMs: 2_000, ...options }),
      host: '127.0.0.1',
      port: 0,
      logger: createLogger('probe', 'silent'),
    });
  }

  beforeAll(async () => {
    nats = await startTestNats();
    app = await start();
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
    expect(await res.json()).toEqual({ status: 'ready', checks: { nats: true, accepting: true } });
  });

  it('serves its process metrics on /metrics in Prometheus text format, labelled with the service', async () => {
    const res = await fetch(`${url}/metrics`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/);
    const text = await res.text();
    expect(text).toMatch(/^process_resident_memory_bytes\{service="probe"\} \d+/m);
    expect(text).toMatch(/^nodejs_heap_size_used_bytes\{service="probe"\} \d+/m);
  });

  it('serves /metrics only with the scrape token when one is configured, and never echoes it', async () => {
    const token = 'scrape-token-0123456789abcdef';
    const guarded = await start({ metricsScrapeToken: token });
    try {
      const at = `${await guarded.getUrl()}/metrics`;
      for (const authorization of [undefined, 'Bearer wrong-token-0123456789', `Basic ${token}`]) {
        const res = await fetch(at, { headers: authorization === undefined ? {} : { authorization } });
        expect(res.status).toBe(401);
        expect(res.headers.get('www-authenticate')).toBe('Bearer realm="metrics"');
        const body = await res.text();
        expect(JSON.parse(body)).toMatchObject({ error: { type: 'invalid_request_error', code: 'invalid_api_key', param: null } });
        expect(body).not.toContain(token);
      }
      const res = await fetch(at, { headers: { authorization: `Bearer ${token}` } });
      expect(res.status).toBe(200);
      expect(await res.text()).toMatch(/^process_resident_memory_bytes\{service="probe"\} \d+/m);
    } finally {
      await guarded.close();
    }
  });

  it('serves metrics an app registers on the shared registry on the same endpoint', async () => {
    const registry = app.get<Registry>(METRICS_REGISTRY, { strict: false });
    new Counter({ name: 'probe_widgets_total', help: 'widgets', registers: [registry] }).inc(3);
    expect(await (await fetch(`${url}/metrics`)).text()).toMatch(/^probe_widgets_total 3$/m);
  });

  it('leaves /metrics to the app when told to', async () => {
    const other = await start({ metrics: false });
    try {
      expect((await fetch(`${await other.getUrl()}/metrics`)).status).toBe(404);
    } finally {
      await other.close();
    }
  });

  it('with events: creates the events stream at start-up and provides the event publisher', async () => {
    const other = await start({ events: { logger: createLogger('probe', 'silent'), maxAgeMs: eventsMaxAgeMs(ConfigSchema.parse({})) } });
    const admin = await connect({ servers: nats.url });
    try {
      const info = await (await admin.jetstreamManager()).streams.info(EVENTS_STREAM.name);
      expect(info.config.subjects).toEqual([...EVENTS_STREAM.subjects]);
      expect(other.get(EVENTS, { strict: false })).toBeInstanceOf(EventPublisher);
    } finally {
      await admin.close();
      await other.close();
    }
  });

  it('on shutdown: not ready (503) at once, lets running work finish, then closes and reports exit code 0', async () => {
    const other = await start();
    const otherUrl = await other.getUrl();
    const drain = other.get(Drain, { strict: false });
    const release = drain.enter();
    const stopping = shutDown(other, createLogger('probe', 'silent'), 'SIGTERM');
    const ready = await fetch(`${otherUrl}/health/ready`);
    expect(ready.status).toBe(503);
    expect(await ready.json()).toEqual({ status: 'not_ready', checks: { nats: true, accepting: false } });
    // Still serving while the work runs: the HTTP server closes only after the drain.
    expect((await fetch(`${otherUrl}/health`)).status).toBe(200);
    setTimeout(release, 200);
    const started = Date.now();
    await expect(stopping).resolves.toBe(0);
    expect(Date.now() - started).toBeGreaterThanOrEqual(150);
    await expect(fetch(`${otherUrl}/health`)).rejects.toThrow();
  });

  it('on shutdown: cuts work still running when the grace period is over, and still exits 0', async () => {
    const other = await start({ shutdownGraceMs: 300 });
    const drain = other.get(Drain, { strict: false });
    let cutAt = 0;
    const work = (async () => {
      for await (const _ of drain.run(new AbortController().signal, forever)) void _;
      cutAt = Date.now();
    })();
    const started = Date.now();
    await expect(shutDown(other, createLogger('probe', 'silent'), 'SIGTERM')).resolves.toBe(0);
    await work;
    expect(cutAt - started).toBeGreaterThanOrEqual(290);
    expect(cutAt - started).toBeLessThan(2_000);
  });

  it('reports not ready (503) once its NATS connection is gone', async () => {
    const bus = app.get<BusTransport>(BUS, { strict: false });
    await bus.close(0);
    const res = await fetch(`${url}/health/ready`);
    expect(res.status).toBe(503);
    expect(await res.json()).toEqual({ status: 'not_ready', checks: { nats: false, accepting: true } });
  });
});
