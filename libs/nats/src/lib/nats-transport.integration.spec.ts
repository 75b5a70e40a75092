import { sleep, startTestNats, waitFor, type TestNats } from '@switchyard/testing';
import { BusTimeoutError, NoRespondersError, PayloadTooLargeError, RemoteHandlerError, StreamAbortedError } from './errors';
import { decodeText, encodeText } from './json';
import { NatsTransport } from './nats-transport';

const OPTIONS = { ackTimeoutMs: 1_000, idleTimeoutMs: 1_000 };

async function collect(stream: AsyncIterable<Uint8Array>): Promise<string[]> {
  const out: string[] = [];
  for await (const chunk of stream) out.push(decodeText(chunk));
  return out;
}

describe('NatsTransport over a real NATS server', () => {
  let nats: TestNats;
  let server: NatsTransport;
  let client: NatsTransport;
  let subject: string;

  beforeAll(async () => {
    nats = await startTestNats();
    server = await NatsTransport.connect({ url: nats.url, name: 'test-server', keepaliveMs: 100, sweepMs: 20 });
    client = await NatsTransport.connect({ url: nats.url, name: 'test-client', sweepMs: 20 });
  });

  afterAll(async () => {
    await client.close(0);
    await server.close(0);
    await nats.stop();
  });

  beforeEach(() => {
    subject = `test.transport.${Math.random().toString(36).slice(2)}`;
  });

  it('streams every message in order, then ends', async () => {
    const sub = server.serveStream(subject, async function* (msg) {
      const n = Number(decodeText(msg.data));
      for (let i = 0; i < n; i++) yield encodeText(`part-${i}`);
    });
    await server.flush();
    const parts = await collect(client.requestStream(subject, encodeText('200'), OPTIONS));
    sub.close();
    expect(parts).toHaveLength(200);
    expect(parts[0]).toBe('part-0');
    expect(parts[199]).toBe('part-199');
  });

  it('carries request headers to the handler', async () => {
    const sub = server.serveStream(subject, async function* (msg) {
      yield encodeText(msg.headers['x-request-id'] ?? 'missing');
    });
    await server.flush();
    const parts = await collect(client.requestStream(subject, encodeText(''), { ...OPTIONS, headers: { 'x-request-id': 'req_abc' } }));
    sub.close();
    expect(parts).toEqual(['req_abc']);
  });

  it('fails at once with NoRespondersError when nobody serves the subject', async () => {
    const started = Date.now();
    await expect(collect(client.requestStream(subject, encodeText(''), OPTIONS))).rejects.toBeInstanceOf(NoRespondersError);
    expect(Date.now() - started).toBeLessThan(500);
  });

  it("refuses a message over the server's max_payload with PayloadTooLargeError, and stays usable", async () => {
    const tooLarge = new Uint8Array(2 * 1024 * 1024);
    const error = await collect(client.requestStream(subject, tooLarge, OPTIONS)).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PayloadTooLargeError);
    expect(error).toMatchObject({ bytes: tooLarge.length, limit: 1024 * 1024 });
    expect(client.isConnected()).toBe(true);
  });

  it('reports a handler that throws as RemoteHandlerError with its message', async () => {
    const sub = server.serveStream(subject, async function* () {
      yield encodeText('first');
      throw new Error('model exploded');
    });
    await server.flush();
    const received: string[] = [];
    await expect(
      (async () => {
        for await (const chunk of client.requestStream(subject, encodeText(''), OPTIONS)) received.push(decodeText(chunk));
      })(),
    ).rejects.toThrow(new RemoteHandlerError(subject, 'model exploded'));
    sub.close();
    expect(received).toEqual(['first']);
  });

  it('keeps a slow but working responder alive with keepalives beyond the idle timeout', async () => {
    const sub = server.serveStream(subject, async function* () {
      await sleep(600);
      yield encodeText('late');
    });
    await server.flush();
    const parts = await collect(client.requestStream(subject, encodeText(''), { ackTimeoutMs: 1_000, idleTimeoutMs: 300 }));
    sub.close();
    expect(parts).toEqual(['late']);
  });

  it('times out a responder that goes silent (no keepalive: its process is frozen)', async () => {
    // A raw subscriber that acknowledges like a transport would, then never speaks again.
    const frozen = await NatsTransport.connect({ url: nats.url, name: 'frozen', keepaliveMs: 60_000, sweepMs: 20 });
    // eslint-disable-next-line require-yield -- a responder that never produces anything is the point
    const sub = frozen.serveStream(subject, async function* (_msg, signal) {
      await sleep(5_000, signal);
    });
    await frozen.flush();
    const started = Date.now();
    const error = await collect(client.requestStream(subject, encodeText(''), { ackTimeoutMs: 1_000, idleTimeoutMs: 300 })).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(BusTimeoutError);
    expect((error as BusTimeoutError).phase).toBe('idle');
    expect(Date.now() - started).toBeLessThan(1_500);
    sub.close();
    await frozen.close(0);
  });

  it('fails with a deadline timeout when the deadline passes', async () => {
    // eslint-disable-next-line require-yield -- a responder that never produces anything is the point
    const sub = server.serveStream(subject, async function* (_msg, signal) {
      await sleep(5_000, signal);
    });
    await server.flush();
    const error = await collect(client.requestStream(subject, encodeText(''), { ...OPTIONS, deadline: Date.now() + 200 })).catch((e: unknown) => e);
    sub.close();
    expect(error).toBeInstanceOf(BusTimeoutError);
    expect((error as BusTimeoutError).phase).toBe('deadline');
  });

  it('cancels the responder when the requester stops reading early', async () => {
    let aborted = false;
    let produced = 0;
    const sub = server.serveStream(subject, async function* (_msg, signal) {
      signal.addEventListener('abort', () => (aborted = true));
      while (!signal.aborted) {
        produced++;
        yield encodeText('tick');
        await sleep(10, signal);
      }
    });
    await server.flush();
    for await (const chunk of client.requestStream(subject, encodeText(''), OPTIONS)) {
      expect(decodeText(chunk)).toBe('tick');
      break;
    }
    await waitFor(() => aborted, 2_000, 'the responder to see the cancel');
    const atCancel = produced;
    await sleep(100);
    expect(produced - atCancel).toBeLessThanOrEqual(1);
    await waitFor(() => server.activeStreams() === 0, 2_000, 'the served stream to finish');
    sub.close();
  });

  it('aborting the signal ends the stream with StreamAbortedError and cancels the responder', async () => {
    let aborted = false;
    const sub = server.serveStream(subject, async function* (_msg, signal) {
      signal.addEventListener('abort', () => (aborted = true));
      yield encodeText('one');
      await sleep(10_000, signal);
    });
    await server.flush();
    const controller = new AbortController();
    const received: string[] = [];
    const error = await (async () => {
      for await (const chunk of client.requestStream(subject, encodeText(''), { ...OPTIONS, signal: controller.signal })) {
        received.push(decodeText(chunk));
        controller.abort();
      }
    })().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(StreamAbortedError);
    expect(received).toEqual(['one']);
    await waitFor(() => aborted, 2_000, 'the responder to see the cancel');
    sub.close();
  });

  it('spreads requests over a queue group, each served once', async () => {
    const served: string[] = [];
    const other = await NatsTransport.connect({ url: nats.url, name: 'test-server-2', sweepMs: 20 });
    const handler = (name: string) =>
      async function* (): AsyncGenerator<Uint8Array> {
        served.push(name);
        yield encodeText(name);
      };
    const a = server.serveStream(subject, handler('a'), { queue: 'q' });
    await server.flush();
    const b = other.serveStream(subject, handler('b'), { queue: 'q' });
    await other.flush();
    served.length = 0;
    const replies = await Promise.all(Array.from({ length: 40 }, () => collect(client.requestStream(subject, encodeText(''), OPTIONS))));
    a.close();
    b.close();
    await other.close(0);
    expect(replies.every((r) => r.length === 1)).toBe(true);
    expect(served).toHaveLength(40);
  });

  it('answers plain requests and reports remote errors', async () => {
    const ok = server.serve(`${subject}.ok`, async (msg) => encodeText(`echo:${decodeText(msg.data)}`));
    await server.flush();
    const bad = server.serve(`${subject}.bad`, async () => {
      throw new Error('nope');
    });
    await server.flush();
    expect(decodeText(await client.request(`${subject}.ok`, encodeText('hi'), { timeoutMs: 1_000 }))).toBe('echo:hi');
    await expect(client.request(`${subject}.bad`, encodeText(''), { timeoutMs: 1_000 })).rejects.toThrow('nope');
    await expect(client.request(`${subject}.none`, encodeText(''), { timeoutMs: 1_000 })).rejects.toBeInstanceOf(NoRespondersError);
    ok.close();
    bad.close();
  });
});
