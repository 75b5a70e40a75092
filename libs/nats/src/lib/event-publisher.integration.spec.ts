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

  it('store() resolves true once the stream holds the event; without a stream, false, and the event waits for a retry', async () => {
    const publisher = new EventPublisher(bus, silent);
    const before = await stored();
    await expect(publisher.store(`${subject}.usage`, { n: 4 }, 'req_4')).resolves.toBe(true);
    expect(await stored()).toBe(before + 1);

    const other = `test.nostream.${process.pid}.${Date.now()}`;
    await expect(publisher.store(other, { n: 5 }, 'req_5', 2_000)).resolves.toBe(false);
    expect(publisher.waiting).toBe(1);
    publisher.close();
  });
});

