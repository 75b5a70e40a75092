import { connect, type NatsConnection } from 'nats';
import { startTestNats, waitFor, type TestNats } from '@switchyard/testing';
import { StreamAbortedError } from './errors';
import { DATA_SENT_HEADER, FRAME_HEADER } from './frames';
import { decodeText, encodeText } from './json';
import { NatsTransport } from './nats-transport';
import type { ChunkRole, Closeable } from './transport';

const OPTIONS = { ackTimeoutMs: 2_000, idleTimeoutMs: 2_000 };

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** Test chunks say their role in their first word: `data:…`, `fail:…`, anything else is a report. */
function classify(chunk: Uint8Array): ChunkRole {
  const text = decodeText(chunk);
  if (text.startsWith('data:')) return 'data';
  if (text.startsWith('fail:')) return 'failure';
  return 'report';
}

/** What a middle (router) did with one request: what each worker's control stream gave it, and how it ended. */
interface Forwarded {
  /** The requester's inbox. */
  reply: string;
  control: string[][];
  outcome: 'done' | 'cancelled' | 'error';
}

/**
 * Three processes as in Switchyard: a requester (gateway) asks a middle (router), which forwards to workers
 * with `dataTo` (the requester's inbox) and tries the next worker when one fails before its data began.
 */
describe('handed-off streams: data straight from the worker to the requester, control to the middle', () => {
  let nats: TestNats;
  let gateway: NatsTransport;
  let router: NatsTransport;
  let worker: NatsTransport;
  let observer: NatsConnection;
  let subject: string;
  const subs: Closeable[] = [];
  let forwarded: Forwarded[];

  beforeAll(async () => {
    nats = await startTestNats();
    gateway = await NatsTransport.connect({ url: nats.url, name: 'gateway', sweepMs: 20 });
    router = await NatsTransport.connect({ url: nats.url, name: 'router', keepaliveMs: 100, sweepMs: 20 });
    worker = await NatsTransport.connect({ url: nats.url, name: 'worker', keepaliveMs: 100, sweepMs: 20 });
    observer = await connect({ servers: nats.url });
  });

  afterAll(async () => {
    await observer.close();
    await Promise.all([gateway.close(0), router.close(0), worker.close(0)]);
    await nats.stop();
  });

  beforeEach(() => {
    subject = `test.handoff.${Math.random().toString(36).slice(2)}`;
    forwarded = [];
  });

  afterEach(() => {
    for (const sub of subs.splice(0)) sub.close();
  });

  /** Serves workers on `${subject}.w<i>` and the router on `subject`, forwarding to them in turn. */
  async function serve(workers: Array<(signal: AbortSignal) => AsyncIterable<Uint8Array>>, hold = false): Promise<void> {
    workers.forEach((script, i) => subs.push(worker.serveStream(`${subject}.w${i}`, (_msg, signal) => script(signal), { classify })));
    subs.push(
      router.serveStream(subject, async function* (msg, signal) {
        const record: Forwarded = { reply: msg.reply ?? '', control: [], outcome: 'done' };
        forwarded.push(record);
        for (let i = 0; i < workers.length; i++) {
          const seen: string[] = [];
          record.control.push(seen);
          try {
            for await (const chunk of router.requestStream(`${subject}.w${i}`, msg.data, { ...OPTIONS, dataTo: msg.reply, hold, signal })) seen.push(decodeText(chunk));
          } catch (error) {
            record.outcome = error instanceof StreamAbortedError ? 'cancelled' : 'error';
            if (seen.length > 0) yield encodeText('fail:the worker broke');
            return;
          }
          if (!seen[0]?.startsWith('fail:')) return;
        }
        yield encodeText('fail:no worker answered');
      }),
    );
    await worker.flush();
    await router.flush();
  }

  /** Every chunk the gateway gets, and the frames of the messages that reached its inbox. */
  async function ask(
    signal?: AbortSignal,
    onChunk?: (text: string) => void,
    idleTimeoutMs = OPTIONS.idleTimeoutMs,
  ): Promise<{ chunks: string[]; frames: string[]; wire: Array<{ subject: string; frame: string; dataSent: boolean }> }> {
    const wire: Array<{ subject: string; frame: string; dataSent: boolean }> = [];
    const sub = observer.subscribe('_INBOX.>', {
      callback: (_err, msg) => wire.push({ subject: msg.subject, frame: msg.headers?.get(FRAME_HEADER) ?? '', dataSent: msg.headers?.get(DATA_SENT_HEADER) === '1' }),
    });
    await observer.flush();
    const chunks: string[] = [];
    try {
      for await (const chunk of gateway.requestStream(subject, encodeText('go'), { ...OPTIONS, idleTimeoutMs, signal })) {
        chunks.push(decodeText(chunk));
        onChunk?.(decodeText(chunk));
      }
    } catch (error) {
      if (!(error instanceof StreamAbortedError)) throw error;
    }
    await sleep(60);
    sub.unsubscribe();
    return { chunks, frames: wire.filter((m) => m.subject === forwarded[0]?.reply).map((m) => m.frame), wire };
  }

  it('sends the data to the requester and only copies of the reports to the middle, whose stream then sends nothing of its own', async () => {
    await serve([
      async function* () {
        yield encodeText('start');
        yield encodeText('data:Once');
        await sleep(5);
        yield encodeText('data: upon');
        yield encodeText('usage');
      },
    ]);
    const { chunks, frames, wire } = await ask();
    expect(chunks).toEqual(['start', 'data:Once', 'data: upon', 'usage']);
    expect(forwarded[0].control).toEqual([['start', 'usage']]);
    // The router's copy of the start was published just before the data (one socket write, control first): a worker
    // that dies right after cannot have reached the gateway without the router knowing.
    const firstData = wire.findIndex((m) => m.subject === forwarded[0].reply);
    const firstReport = wire.findIndex((m) => m.dataSent);
    expect(firstReport).toBeGreaterThanOrEqual(0);
    expect(firstReport).toBeLessThan(firstData);
    // The gateway's inbox got the worker's two messages and no end from the router. The router's held-back ack is
    // dropped when the data-sent copy reaches it first, which is the rule but a race on a loaded machine: a late ack
    // is harmless to the requester, so only its place is checked.
    expect(frames.filter((frame) => frame !== 'ack')).toEqual(['batch', 'last']);
    expect(frames.filter((frame) => frame === 'ack').length).toBeLessThanOrEqual(1);
  });

  it('sends a failure before any data to the middle only, which forwards to the next worker with the same inbox', async () => {
    await serve([
      async function* () {
        yield encodeText('start');
        yield encodeText('fail:busy');
      },
      async function* () {
        yield encodeText('start');
        yield encodeText('data:hello');
      },
    ]);
    const { chunks } = await ask();
    expect(chunks).toEqual(['start', 'data:hello']);
    expect(forwarded[0].control).toEqual([['fail:busy'], ['start']]);
  });

  it('after data, a failure reaches both, and a handler that throws leaves the end to the middle', async () => {
    await serve([
      async function* () {
        yield encodeText('data:Once');
        await sleep(10);
        throw new Error('segfault');
      },
    ]);
    const { chunks } = await ask();
    // No report of its own: the first data stands in for one, so the middle knows the output began.
    expect(forwarded[0].control).toEqual([['data:Once']]);
    expect(forwarded[0].outcome).toBe('error');
    expect(chunks).toEqual(['data:Once', 'fail:the worker broke']);
  });

  it('holds an answer that is not streamed until its end: one message to the requester, and a failure halfway reaches it not at all', async () => {
    await serve(
      [
        async function* () {
          yield encodeText('start');
          yield encodeText('data:half');
          await sleep(30);
          yield encodeText('fail:upstream cut');
        },
        async function* () {
          yield encodeText('start');
          yield encodeText('data:whole');
          await sleep(30);
          yield encodeText('usage');
        },
      ],
      true,
    );
    const { chunks, frames } = await ask();
    expect(chunks).toEqual(['start', 'data:whole', 'usage']);
    // The router's ack (the workers took longer than its ack delay), then the whole answer in one message.
    expect(frames).toEqual(['ack', 'last']);
    expect(forwarded[0].control).toEqual([['fail:upstream cut'], ['start', 'usage']]);
  });

  it('takes a cancel straight to the worker once its data arrived, and the middle hears that it was cancelled', async () => {
    let aborted = false;
    await serve([
      async function* (signal) {
        signal.addEventListener('abort', () => (aborted = true));
        yield encodeText('start');
        while (!signal.aborted) {
          yield encodeText('data:.');
          await sleep(10);
        }
      },
    ]);
    const controller = new AbortController();
    let seen = 0;
    await ask(controller.signal, () => {
      if (++seen === 3) controller.abort();
    });
    await waitFor(() => aborted && forwarded[0]?.outcome === 'cancelled', 2_000, 'the worker to stop and the middle to hear it');
  });

  it('keeps the requester waiting through a quiet worker with keepalives of the worker once data has begun', async () => {
    await serve([
      async function* () {
        yield encodeText('start');
        yield encodeText('data:a');
        await sleep(600);
        yield encodeText('data:b');
      },
    ]);
    // The requester gives up after 300 ms of silence; worker and router keep it waiting (100 ms each).
    const { chunks, frames } = await ask(undefined, undefined, 300);
    expect(chunks).toEqual(['start', 'data:a', 'data:b']);
    expect(frames.filter((f) => f === 'keepalive').length).toBeGreaterThanOrEqual(6);
  });
});
