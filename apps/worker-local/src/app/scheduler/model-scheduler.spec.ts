import { ModelScheduler, type Admission } from './model-scheduler';

const FAR = () => Date.now() + 60_000;
const never = (): AbortSignal => new AbortController().signal;

/** Acquires and remembers when (and how) the promise settled. */
function track(promise: Promise<Admission>): { result: Admission | undefined } {
  const box: { result: Admission | undefined } = { result: undefined };
  void promise.then((a) => (box.result = a));
  return box;
}

function release(admission: Admission | undefined): void {
  if (!admission?.admitted) throw new Error('expected an admission');
  admission.release();
}

describe('ModelScheduler', () => {
  beforeEach(() => jest.useFakeTimers());
  afterEach(() => jest.useRealTimers());

  it.each([1, 2, 3])('runs %i at once and queues the rest', async (concurrency) => {
    const scheduler = new ModelScheduler(concurrency, 10);
    const all = Array.from({ length: concurrency + 2 }, () => track(scheduler.acquire(never(), FAR())));
    await Promise.resolve();
    expect(all.filter((a) => a.result?.admitted)).toHaveLength(concurrency);
    expect(scheduler.inFlight).toBe(concurrency);
    expect(scheduler.queued).toBe(2);
  });

  it('tells each admission how long it waited for its slot', async () => {
    const scheduler = new ModelScheduler(1, 5);
    const first = track(scheduler.acquire(never(), FAR()));
    const second = track(scheduler.acquire(never(), FAR()));
    await Promise.resolve();
    jest.advanceTimersByTime(250);
    release(first.result);
    await Promise.resolve();
    expect(first.result).toMatchObject({ admitted: true, queuedMs: 0 });
    expect(second.result).toMatchObject({ admitted: true, queuedMs: 250 });
  });

  it('hands freed slots to waiters in arrival order', async () => {
    const scheduler = new ModelScheduler(1, 5);
    const first = track(scheduler.acquire(never(), FAR()));
    const second = track(scheduler.acquire(never(), FAR()));
    const third = track(scheduler.acquire(never(), FAR()));
    await Promise.resolve();
    release(first.result);
    await Promise.resolve();
    expect(second.result?.admitted).toBe(true);
    expect(third.result).toBeUndefined();
    release(second.result);
    await Promise.resolve();
    expect(third.result?.admitted).toBe(true);
    expect(scheduler.inFlight).toBe(1);
    expect(scheduler.queued).toBe(0);
  });

  it.each<[number, number]>([
    [1, 0],
    [1, 2],
    [2, 1],
  ])('with concurrency %i and maxQueue %i, answers busy at once beyond the queue', async (concurrency, maxQueue) => {
    const scheduler = new ModelScheduler(concurrency, maxQueue);
    for (let i = 0; i < concurrency + maxQueue; i++) void scheduler.acquire(never(), FAR());
    await expect(scheduler.acquire(never(), FAR())).resolves.toEqual({ admitted: false, reason: 'busy' });
    expect(scheduler.queued).toBe(maxQueue);
  });

  it('takes a waiter whose signal aborts out of the queue', async () => {
    const scheduler = new ModelScheduler(1, 2);
    const running = track(scheduler.acquire(never(), FAR()));
    const leaving = new AbortController();
    const gone = scheduler.acquire(leaving.signal, FAR());
    const next = track(scheduler.acquire(never(), FAR()));
    leaving.abort();
    await expect(gone).resolves.toEqual({ admitted: false, reason: 'aborted' });
    expect(scheduler.queued).toBe(1);
    release(running.result);
    await Promise.resolve();
    expect(next.result?.admitted).toBe(true);
  });

  it('times out a waiter whose deadline passes while queued, and frees its place', async () => {
    const scheduler = new ModelScheduler(1, 1);
    void scheduler.acquire(never(), FAR());
    const late = track(scheduler.acquire(never(), Date.now() + 500));
    jest.advanceTimersByTime(499);
    await Promise.resolve();
    expect(late.result).toBeUndefined();
    jest.advanceTimersByTime(1);
    await Promise.resolve();
    expect(late.result).toEqual({ admitted: false, reason: 'timeout' });
    expect(scheduler.queued).toBe(0);
    await expect(Promise.race([scheduler.acquire(never(), FAR()), Promise.resolve('pending')])).resolves.toBe('pending');
  });

  it.each<[string, () => AbortSignal, () => number, Admission]>([
    ['an already aborted signal', () => AbortSignal.abort(), FAR, { admitted: false, reason: 'aborted' }],
    ['a deadline already past', never, () => Date.now() - 1, { admitted: false, reason: 'timeout' }],
  ])('refuses %s without queueing', async (_name, signal, deadline, expected) => {
    const scheduler = new ModelScheduler(1, 1);
    await expect(scheduler.acquire(signal(), deadline())).resolves.toEqual(expected);
    expect(scheduler.inFlight + scheduler.queued).toBe(0);
  });

  it('ignores a second release of the same slot', async () => {
    const scheduler = new ModelScheduler(2, 0);
    const a = await scheduler.acquire(never(), FAR());
    await scheduler.acquire(never(), FAR());
    release(a);
    release(a);
    expect(scheduler.inFlight).toBe(1);
  });

  it('reports idle once running and queued work is gone', async () => {
    const scheduler = new ModelScheduler(1, 2);
    const a = await scheduler.acquire(never(), FAR());
    const b = track(scheduler.acquire(never(), FAR()));
    const leaving = new AbortController();
    void scheduler.acquire(leaving.signal, FAR());
    const idle = jest.fn();
    void scheduler.idle().then(idle);
    release(a);
    await Promise.resolve();
    leaving.abort();
    await Promise.resolve();
    expect(idle).not.toHaveBeenCalled();
    release(b.result);
    await Promise.resolve();
    expect(idle).toHaveBeenCalled();
  });
});
