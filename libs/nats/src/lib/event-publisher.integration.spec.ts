import { connect, type NatsConnection } from 'nats';
import { startTestNats, waitFor, type TestNats } from '@switchyard/testing';
import { EventPublisher } from './event-publisher';
import { NatsTransport } from './nats-transport';

const silent = { debug: () => undefined, warn: () => undefined };

describe('EventPublisher over a real JetStream', () => {
  let nats: TestNats;
  let bus: NatsTransport;
  let admin: NatsConnection;
  const stream = `TEST_EVENTS_${process.pid}_${Date.now()}`;
  const subject = `test.events.${process.pid}.${Date.now()}`;

  beforeAll(async () => {
    nats = await startTestNats();
    bus = await NatsTransport.connect({ url: nats.url, name: 'events-test' });
    admin = await connect({ servers: nats.url });
  });

  afterAll(async () => {
    await (await admin.jetstreamManager()).streams.delete(stream).catch(() => undefined);
    await admin.close();
    await bus.close(0);
    await nats.stop();
  });

  async function stored(): Promise<number> {
    const info = await (await admin.jetstreamManager()).streams.info(stream).catch(() => undefined);
    return info?.state.messages ?? 0;
  }

  it('keeps events while no stream takes them, stores them once it exists, and drops duplicates', async () => {
    const publisher = new EventPublisher(bus, silent);
    publisher.publish(`${subject}.usage`, { n: 1 }, 'req_1');
    publisher.publish(`${subject}.usage`, { n: 2 }, 'req_2');
    await waitFor(() => publisher.waiting === 2, 2_000, 'both events to wait for a stream');

    await bus.ensureStream(stream, [`${subject}.>`], 60_000);
    await bus.ensureStream(stream, [`${subject}.>`], 60_000);
    await publisher.retry();
    expect(publisher.waiting).toBe(0);
    expect(await stored()).toBe(2);

    // The same request id again is a duplicate within the stream's window: stored once.
    publisher.publish(`${subject}.usage`, { n: 2 }, 'req_2');
    publisher.publish(`${subject}.usage`, { n: 3 }, 'req_3');
    await waitFor(async () => (await stored()) === 3, 2_000, 'the new event to be stored');
    await new Promise((r) => setTimeout(r, 100));
    expect(await stored()).toBe(3);
    publisher.close();
  });

  it('handOver() resolves once the event is in the socket; JetStream stores it; without a stream it waits for a retry', async () => {
    const publisher = new EventPublisher(bus, silent);
    const before = await stored();
    await publisher.handOver(`${subject}.usage`, { n: 4 }, 'req_4');
    // The event loop is held for 300 ms: an event not yet written could not go out meanwhile.
    const heldUntil = Date.now() + 300;
    while (Date.now() < heldUntil) {
      // spin
    }
    await waitFor(async () => (await stored()) === before + 1, 2_000, 'the event to be stored');
    const last = await (await admin.jetstreamManager()).streams.getMessage(stream, { last_by_subj: `${subject}.usage` });
    expect(last.json()).toEqual({ n: 4 });
    // JetStream stored it while this process was still spinning: it was in the socket when handOver resolved.
    expect(last.time.getTime()).toBeLessThan(heldUntil - 100);

    const other = `test.nostream.${process.pid}.${Date.now()}`;
    await publisher.handOver(other, { n: 5 }, 'req_5');
    await waitFor(() => publisher.waiting === 1, 7_000, 'the event JetStream did not take to wait for a retry');
    publisher.close();
  });
});
