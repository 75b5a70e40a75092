import { EVENTS_STREAM } from '@switchyard/contracts';
import { EventsStreamKeeper } from './events';

const MAX_AGE_MS = 7 * 24 * 60 * 60 * 1000;

/** A bus whose `ensureStream` fails `failures` times (no JetStream), then works. */
function flakyBus(failures: number): { ensureStream: jest.Mock<Promise<void>, [string, readonly string[], number]> } {
  let left = failures;
  return {
    ensureStream: jest.fn(async (_name: string, _subjects: readonly string[], _maxAgeMs: number) => {
      if (left-- > 0) throw new Error('503 no responders: JetStream not enabled');
    }),
  };
}

function recordingLog(): { info: jest.Mock; warn: jest.Mock } {
  return { info: jest.fn(), warn: jest.fn() };
}

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

describe('EventsStreamKeeper', () => {
  it('creates the events stream with its subjects and retention at once', async () => {
    const bus = flakyBus(0);
    const log = recordingLog();
    const keeper = new EventsStreamKeeper(bus, MAX_AGE_MS, log, 10);
    await keeper.start();
    expect(keeper.ready).toBe(true);
    expect(bus.ensureStream).toHaveBeenCalledWith(EVENTS_STREAM.name, EVENTS_STREAM.subjects, MAX_AGE_MS);
    expect(log.warn).not.toHaveBeenCalled();
  });

  it('without JetStream: starts anyway, warns once, retries in the background, and says when the stream is ready', async () => {
    const bus = flakyBus(3);
    const log = recordingLog();
    const keeper = new EventsStreamKeeper(bus, MAX_AGE_MS, log, 10);
    await keeper.start();
    expect(keeper.ready).toBe(false);
    for (let i = 0; i < 50 && !keeper.ready; i++) await sleep(10);
    expect(keeper.ready).toBe(true);
    expect(bus.ensureStream).toHaveBeenCalledTimes(4);
    expect(log.warn).toHaveBeenCalledTimes(1);
    expect(log.warn.mock.calls[0][1]).toMatch(/JetStream unavailable/);
    expect(log.info).toHaveBeenCalledTimes(1);
    keeper.stop();
  });

  it('stops retrying when stopped', async () => {
    const bus = flakyBus(1_000);
    const keeper = new EventsStreamKeeper(bus, MAX_AGE_MS, recordingLog(), 10);
    await keeper.start();
    keeper.stop();
    const calls = bus.ensureStream.mock.calls.length;
    await sleep(50);
    expect(bus.ensureStream.mock.calls.length).toBe(calls);
  });
});
