import { startTestNats, waitFor, type TestNats } from '@switchyard/testing';
import { StreamAbortedError } from './errors';
import { decodeText, encodeText } from './json';
import { NatsTransport } from './nats-transport';
import type { ChunkRole, Closeable } from './transport';

const OPTIONS = { ackTimeoutMs: 2_000, idleTimeoutMs: 2_000 };

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

const classify = (chunk: Uint8Array): ChunkRole => (decodeText(chunk).startsWith('data:') ? 'data' : 'report');

/** A promise and the function that resolves it. */
function trigger(): { promise: Promise<void>; fire: () => void } {
  let fire = (): void => undefined;
  const promise = new Promise<void>((resolve) => (fire = resolve));
  return { promise, fire };
}

/**
 * Gated and withdrawn streams, the two requests a hedging router makes of its workers: a gated worker's data waits
 * until the router releases it (the router hears at once that there is some); a withdrawn worker stops unless its
 * data has already left.
 */
describe('gated and withdrawn handed-off streams', () => {
  let nats: TestNats;
  let gateway: NatsTransport;
  let router: NatsTransport;
  let worker: NatsTransport;
  let subject: string;
  const subs: Closeable[] = [];

  beforeAll(async () => {
    nats = await startTestNats();
    gateway = await NatsTransport.connect({ url: nats.url, name: 'gateway', sweepMs: 20 });
    router = await NatsTransport.connect({ url: nats.url, name: 'router', keepaliveMs: 100, sweepMs: 20 });
    worker = await NatsTransport.connect({ url: nats.url, name: 'worker', keepaliveMs: 100, sweepMs: 20 });
  });

  afterAll(async () => {
    await Promise.all([gateway.close(0), router.close(0), worker.close(0)]);
    await nats.stop();
  });

  beforeEach(() => {
    subject = `test.gate.${Math.random().toString(36).slice(2)}`;
  });

  afterEach(() => {
    for (const sub of subs.splice(0)) sub.close();
  });

  /**
   * Serves one worker and a router that forwards to it with `options`, recording the worker's control stream; the
   * gateway's chunks are returned, each with the ms since the request.
   */
  async function run(
    script: (signal: AbortSignal) => AsyncIterable<Uint8Array>,
    options: { released?: Promise<void>; withdrawn?: Promise<void> },
  ): Promise<{ chunks: Array<{ text: string; at: number }>; control: Array<{ text: string; at: number }>; outcome: string }> {
    subs.push(worker.serveStream(`${subject}.w`, (_msg, signal) => script(signal), { classify }));
    const control: Array<{ text: string; at: number }> = [];
    let outcome = 'done';
    let routed = false;
    const began = Date.now();
    subs.push(
      router.serveStream(subject, async function* (msg, signal) {
        try {
          for await (const chunk of router.requestStream(`${subject}.w`, msg.data, { ...OPTIONS, ...options, dataTo: msg.reply, signal })) {
            control.push({ text: decodeText(chunk), at: Date.now() - began });
          }
        } catch (error) {
          outcome = error instanceof StreamAbortedError ? 'withdrawn' : 'error';
          yield encodeText('router:no answer');
        } finally {
          routed = true;
        }
      }),
    );
    await worker.flush();
    await router.flush();
    const chunks: Array<{ text: string; at: number }> = [];
    for await (const chunk of gateway.requestStream(subject, encodeText('go'), OPTIONS)) chunks.push({ text: decodeText(chunk), at: Date.now() - began });
    // The gateway's data may end before the router has read the last of its control stream.
    await waitFor(() => routed, 2_000, 'the router to finish');
    return { chunks, control, outcome };
  }

  it('keeps a gated stream’s data until it is released, telling the router at once, and then delivers it all', async () => {
    const release = trigger();
    const result = run(
      async function* () {
        yield encodeText('start');
        yield encodeText('data:Once');
        await sleep(20);
        yield encodeText('data: upon');
      },
      { released: release.promise },
    );
    // The router hears of the output (its start) while the gateway has nothing yet.
    await sleep(150);
    release.fire();
    const { chunks, control } = await result;
    expect(chunks.map((c) => c.text)).toEqual(['start', 'data:Once', 'data: upon']);
    expect(chunks[0].at).toBeGreaterThanOrEqual(150);
    expect(control[0]).toEqual(expect.objectContaining({ text: 'start' }));
    expect(control[0].at).toBeLessThan(150);
    expect(control.map((c) => c.text)).toEqual(['start']);
  });

  it('keeps the end of a handler that finished while gated, and the later chunks of one still running flow as usual', async () => {
    const release = trigger();
    const finished = run(
      async function* () {
        yield encodeText('start');
        yield encodeText('data:whole');
        yield encodeText('usage');
      },
      { released: release.promise },
    );
    await sleep(100);
    release.fire();
    const done = await finished;
    expect(done.chunks.map((c) => c.text)).toEqual(['start', 'data:whole', 'usage']);
    expect(done.control.map((c) => c.text)).toEqual(['start', 'usage']);
    expect(done.outcome).toBe('done');

    subs.splice(0).forEach((sub) => sub.close());
    subject = `${subject}.again`;
    const early = trigger();
    const running = await run(
      async function* () {
        yield encodeText('start');
        early.fire();
        for (let i = 0; i < 3; i++) {
          await sleep(30);
          yield encodeText(`data:${i}`);
        }
      },
      { released: early.promise },
    );
    expect(running.chunks.map((c) => c.text)).toEqual(['start', 'data:0', 'data:1', 'data:2']);
  });

  it('drops a gated stream cancelled before its release: the gateway never sees its data', async () => {
    let stopped = false;
    subs.push(
      worker.serveStream(
        `${subject}.w`,
        async function* (_msg, signal) {
          signal.addEventListener('abort', () => (stopped = true));
          yield encodeText('start');
          yield encodeText('data:hedge');
          while (!signal.aborted) await sleep(10);
        },
        { classify },
      ),
    );
    subs.push(
      router.serveStream(subject, async function* (msg, signal) {
        const lost = new AbortController();
        signal.addEventListener('abort', () => lost.abort());
        try {
          for await (const chunk of router.requestStream(`${subject}.w`, msg.data, { ...OPTIONS, dataTo: msg.reply, released: new Promise(() => undefined), signal: lost.signal })) {
            if (decodeText(chunk) === 'start') lost.abort();
          }
        } catch {
          // cancelled: the race was lost
        }
        yield encodeText('router:the other answer');
      }),
    );
    await worker.flush();
    await router.flush();
    const chunks: string[] = [];
    for await (const chunk of gateway.requestStream(subject, encodeText('go'), OPTIONS)) chunks.push(decodeText(chunk));
    expect(chunks).toEqual(['router:the other answer']);
    await waitFor(() => stopped, 2_000, 'the gated worker to stop');
  });

  it('stops a withdrawn worker that has sent nothing: the router hears it was cancelled', async () => {
    let stopped = false;
    const withdraw = trigger();
    const { chunks, outcome } = await run(
      async function* (signal) {
        signal.addEventListener('abort', () => (stopped = true));
        withdraw.fire();
        while (!signal.aborted) await sleep(10);
        yield encodeText('start');
      },
      { withdrawn: withdraw.promise },
    );
    expect(outcome).toBe('withdrawn');
    expect(chunks.map((c) => c.text)).toEqual(['router:no answer']);
    expect(stopped).toBe(true);
  });

  it('lets a withdrawn worker whose data has left go on to its end', async () => {
    const withdraw = trigger();
    let aborted = false;
    const { chunks, control, outcome } = await run(
      async function* (signal) {
        signal.addEventListener('abort', () => (aborted = true));
        yield encodeText('start');
        yield encodeText('data:Once');
        await sleep(30);
        withdraw.fire();
        await sleep(60);
        yield encodeText('data: upon');
        yield encodeText('usage');
      },
      { withdrawn: withdraw.promise },
    );
    expect(outcome).toBe('done');
    expect(aborted).toBe(false);
    expect(chunks.map((c) => c.text)).toEqual(['start', 'data:Once', 'data: upon', 'usage']);
    expect(control.map((c) => c.text)).toEqual(['start', 'usage']);
  });
});
