import type { EventMessage } from './event-batch';
import { EventPump, MAX_BATCH } from './event-pump';

function message(id: number, naks: number[]): EventMessage & { id: number } {
  return { id, seq: id, subject: 's', data: new Uint8Array(0), ack: () => undefined, nak: () => naks.push(id), term: () => undefined };
}

describe('EventPump', () => {
  it('hands over one message at once when idle, and what queued meanwhile as the next batch', async () => {
    const batches: number[][] = [];
    let release: () => void = () => undefined;
    const pump = new EventPump(
      (batch) => {
        batches.push(batch.map((m) => (m as EventMessage & { id: number }).id));
        return batches.length === 1 ? new Promise<void>((resolve) => (release = resolve)) : Promise.resolve();
      },
      () => undefined,
    );
    const naks: number[] = [];
    pump.push(message(1, naks));
    for (let id = 2; id <= 5; id++) pump.push(message(id, naks));
    expect(batches).toEqual([[1]]);
    release();
    await new Promise((resolve) => setImmediate(resolve));
    expect(batches).toEqual([[1], [2, 3, 4, 5]]);
  });

  it(`never hands over more than ${MAX_BATCH} at once`, async () => {
    const sizes: number[] = [];
    const pump = new EventPump(async (batch) => void sizes.push(batch.length), () => undefined);
    const naks: number[] = [];
    for (let id = 0; id < 600; id++) pump.push(message(id, naks));
    await new Promise((resolve) => setImmediate(resolve));
    expect(naks).toEqual([]);
    expect(sizes).toEqual([1, MAX_BATCH, MAX_BATCH, 600 - 1 - 2 * MAX_BATCH]);
  });

  it('on stop, finishes the running batch and hands queued messages back', async () => {
    let release: () => void = () => undefined;
    const handled: number[] = [];
    const pump = new EventPump(
      (batch) => {
        handled.push(...batch.map((m) => (m as EventMessage & { id: number }).id));
        return new Promise<void>((resolve) => (release = resolve));
      },
      () => undefined,
    );
    const naks: number[] = [];
    pump.push(message(1, naks));
    pump.push(message(2, naks));
    pump.push(message(3, naks));
    const stopped = pump.stop();
    release();
    await stopped;
    expect(handled).toEqual([1]);
    expect(naks).toEqual([2, 3]);
    pump.push(message(4, naks));
    expect(naks).toEqual([2, 3, 4]);
  });

  it('reports a batch that throws and goes on with the next', async () => {
    const errors: unknown[] = [];
    let calls = 0;
    const pump = new EventPump(async () => {
      calls += 1;
      if (calls === 1) throw new Error('boom');
    }, (error) => errors.push(error));
    pump.push(message(1, []));
    await new Promise((resolve) => setImmediate(resolve));
    pump.push(message(2, []));
    await pump.stop();
    expect(errors).toEqual([new Error('boom')]);
    expect(calls).toBe(2);
  });

  describe('with a gathering window', () => {
    beforeEach(() => jest.useFakeTimers());
    afterEach(() => jest.useRealTimers());

    const idsOf = (batch: EventMessage[]): number[] => batch.map((m) => (m as EventMessage & { id: number }).id);

    it('hands over what arrived within the window as one batch, then gathers again', async () => {
      const batches: number[][] = [];
      const pump = new EventPump(async (batch) => void batches.push(idsOf(batch)), () => undefined, 50);
      pump.push(message(1, []));
      await jest.advanceTimersByTimeAsync(30);
      pump.push(message(2, []));
      expect(batches).toEqual([]);
      await jest.advanceTimersByTimeAsync(20);
      expect(batches).toEqual([[1, 2]]);
      pump.push(message(3, []));
      await jest.advanceTimersByTimeAsync(49);
      expect(batches).toEqual([[1, 2]]);
      await jest.advanceTimersByTimeAsync(1);
      expect(batches).toEqual([[1, 2], [3]]);
    });

    it(`does not wait once ${MAX_BATCH} messages are waiting`, async () => {
      const sizes: number[] = [];
      const pump = new EventPump(async (batch) => void sizes.push(batch.length), () => undefined, 10_000);
      for (let id = 0; id < MAX_BATCH + 1; id++) pump.push(message(id, []));
      await jest.advanceTimersByTimeAsync(0);
      expect(sizes).toEqual([MAX_BATCH]);
      await jest.advanceTimersByTimeAsync(10_000);
      expect(sizes).toEqual([MAX_BATCH, 1]);
    });

    it('on stop while gathering, hands the gathered messages back without processing them', async () => {
      const handled: number[][] = [];
      const pump = new EventPump(async (batch) => void handled.push(idsOf(batch)), () => undefined, 10_000);
      const naks: number[] = [];
      pump.push(message(1, naks));
      pump.push(message(2, naks));
      await pump.stop();
      expect(handled).toEqual([]);
      expect(naks).toEqual([1, 2]);
    });
  });
});
