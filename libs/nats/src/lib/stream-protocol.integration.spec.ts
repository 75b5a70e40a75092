import { connect, type NatsConnection } from 'nats';
import { startTestNats, waitFor, type TestNats } from '@switchyard/testing';
import { NoRespondersError } from './errors';
import { CANCEL_HEADER, FRAME_HEADER } from './frames';
import { decodeText, encodeText } from './json';
import { NatsTransport } from './nats-transport';
import { MAX_ACK_DELAY_MS } from './stream-outbox';

const OPTIONS = { ackTimeoutMs: 2_000, idleTimeoutMs: 2_000 };

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** What went over the wire to the requester's inbox: each message's frame header ('' for none). */
async function wireFrames(observer: NatsConnection, inboxes: string, run: () => Promise<void>): Promise<string[]> {
  const frames: string[] = [];
  const sub = observer.subscribe(inboxes, { callback: (_err, msg) => frames.push(msg.headers?.get(FRAME_HEADER) ?? '') });
  await observer.flush();
  await run();
  await sleep(50);
  sub.unsubscribe();
  return frames;
}

describe('the stream protocol on the wire (batches, late acks, durable publishes)', () => {
  let nats: TestNats;
  let server: NatsTransport;
  let client: NatsTransport;
  let observer: NatsConnection;
  let subject: string;

  beforeAll(async () => {
    nats = await startTestNats();
    server = await NatsTransport.connect({ url: nats.url, name: 'protocol-server', keepaliveMs: 100, sweepMs: 20 });
    client = await NatsTransport.connect({ url: nats.url, name: 'protocol-client', sweepMs: 20 });
    observer = await connect({ servers: nats.url });
  });

  afterAll(async () => {
    await observer.close();
    await client.close(0);
    await server.close(0);
    await nats.stop();
  });

  beforeEach(() => {
    subject = `test.protocol.${Math.random().toString(36).slice(2)}`;
  });

  it('sends what a handler yields in one turn as one message that is the ack, the chunks and the end, and the requester still sees every chunk', async () => {
    const sub = server.serveStream(subject, async function* () {
      for (let i = 0; i < 5; i++) yield encodeText(`part-${i}`);
    });
    await server.flush();
    const parts: string[] = [];
    const frames = await wireFrames(observer, '_INBOX.>', async () => {
      for await (const chunk of client.requestStream(subject, encodeText('go'), OPTIONS)) parts.push(decodeText(chunk));
    });
    sub.close();
    expect(parts).toEqual(['part-0', 'part-1', 'part-2', 'part-3', 'part-4']);
    expect(frames).toEqual(['last']);
  });

  it('acks alone when the first data takes longer than the ack delay, then sends each later chunk plainly, the last with the end', async () => {
    const sub = server.serveStream(subject, async function* () {
      await sleep(MAX_ACK_DELAY_MS * 5);
      yield encodeText('late');
      await sleep(10);
      yield encodeText('later');
    });
    await server.flush();
    const parts: string[] = [];
    const frames = await wireFrames(observer, '_INBOX.>', async () => {
      for await (const chunk of client.requestStream(subject, encodeText('go'), OPTIONS)) parts.push(decodeText(chunk));
    });
    sub.close();
    expect(parts).toEqual(['late', 'later']);
    expect(frames).toEqual(['ack', '', 'last']);
  });

  it('with a batch window, sends the first chunks at once and then several per message while they keep coming', async () => {
    const sub = server.serveStream(
      subject,
      async function* () {
        for (let i = 0; i < 40; i++) {
          yield encodeText(`token-${i}`);
          await sleep(1);
        }
      },
      { batchWindowMs: 25 },
    );
    await server.flush();
    const arrivals: Array<{ text: string; at: number }> = [];
    const sentAt = performance.now();
    const frames = await wireFrames(observer, '_INBOX.>', async () => {
      for await (const chunk of client.requestStream(subject, encodeText('go'), OPTIONS)) arrivals.push({ text: decodeText(chunk), at: performance.now() - sentAt });
    });
    sub.close();
    expect(arrivals.map((a) => a.text)).toEqual(Array.from({ length: 40 }, (_, i) => `token-${i}`));
    // The first two went out alone (the first with the ack), well before a window had passed.
    expect(frames.slice(0, 2)).toEqual(['data', '']);
    expect(arrivals[1].at).toBeLessThan(25);
    // The other 38, about 1 ms apart, went in a few batches rather than a message each.
    expect(frames.length).toBeLessThan(15);
    expect(frames.filter((f) => f === 'batch').length).toBeGreaterThan(0);
  });

  it('acks within a quarter of a short ack timeout, so an impatient requester does not give up', async () => {
    const sub = server.serveStream(subject, async function* () {
      await sleep(150);
      yield encodeText('slow but acknowledged');
    });
    await server.flush();
    const parts: string[] = [];
    for await (const chunk of client.requestStream(subject, encodeText('go'), { ackTimeoutMs: 40, idleTimeoutMs: 1_000 })) parts.push(decodeText(chunk));
    sub.close();
    expect(parts).toEqual(['slow but acknowledged']);
  });

  it('answers a requester of an older version (no ack timeout in its request) with an ack at once and a plain message per chunk', async () => {
    const sub = server.serveStream(subject, async function* () {
      for (let i = 0; i < 3; i++) yield encodeText(`part-${i}`);
    });
    await server.flush();
    const inbox = `_INBOX.legacy.${Math.random().toString(36).slice(2)}`;
    const received: Array<{ frame: string; text: string; cancel: boolean }> = [];
    const done = new Promise<void>((resolve) => {
      observer.subscribe(inbox, {
        callback: (_err, msg) => {
          const frame = msg.headers?.get(FRAME_HEADER) ?? '';
          received.push({ frame, text: decodeText(msg.data), cancel: (msg.headers?.get(CANCEL_HEADER) ?? '') !== '' });
          if (frame === 'end') resolve();
        },
      });
    });
    observer.publish(subject, encodeText('go'), { reply: inbox });
    await done;
    sub.close();
    expect(received).toEqual([
      { frame: 'ack', text: '', cancel: true },
      { frame: '', text: 'part-0', cancel: false },
      { frame: '', text: 'part-1', cancel: false },
      { frame: '', text: 'part-2', cancel: false },
      { frame: 'end', text: '', cancel: false },
    ]);
  });

  it('cancels the responder when the requester left before the ack came', async () => {
    let sawAbort = false;
    const sub = server.serveStream(subject, async function* (_msg, signal) {
      await sleep(MAX_ACK_DELAY_MS * 3);
      for (let i = 0; i < 100 && !signal.aborted; i++) {
        yield encodeText(`tick-${i}`);
        await sleep(20);
      }
      sawAbort = signal.aborted;
    });
    await server.flush();
    const controller = new AbortController();
    const consumed = (async () => {
      for await (const chunk of client.requestStream(subject, encodeText('go'), { ...OPTIONS, signal: controller.signal })) void chunk;
    })();
    controller.abort();
    await expect(consumed).rejects.toThrow('stream aborted by requester');
    await waitFor(() => sawAbort, 3_000, 'the responder to see the cancellation');
    sub.close();
    expect(server.activeStreams()).toBe(0);
  });

  it('publishes durably: resolves once JetStream stored it, and rejects when no stream takes the subject', async () => {
    const stream = `TEST_PROTOCOL_${process.pid}_${Date.now()}`;
    await server.ensureStream(stream, [`${subject}.>`], 60_000);
    await expect(client.publishDurable(`${subject}.a`, encodeText('{"n":1}'), { msgId: 'one' })).resolves.toBeUndefined();
    await expect(client.publishDurable(`${subject}.a`, encodeText('{"n":1}'), { msgId: 'one' })).resolves.toBeUndefined();
    const info = await (await observer.jetstreamManager()).streams.info(stream);
    expect(info.state.messages).toBe(1);
    await expect(client.publishDurable(`nobody.stores.${subject}`, encodeText('{}'))).rejects.toBeInstanceOf(NoRespondersError);
    await (await observer.jetstreamManager()).streams.delete(stream);
  });
});
