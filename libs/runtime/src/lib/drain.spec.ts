import { getEventListeners } from 'node:events';
import { Drain } from './drain';

/** A stream of `values` one per `gapMs`, ending early (quietly) when its signal aborts. */
async function* ticks(values: number[], gapMs: number, signal: AbortSignal): AsyncGenerator<number> {
  for (const value of values) {
    if (signal.aborted) return;
    await new Promise((resolve) => setTimeout(resolve, gapMs));
    yield value;
  }
}

async function collect<T>(stream: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const value of stream) out.push(value);
  return out;
}

describe('Drain', () => {
  it('counts work from enter() until its release, once however often it is released', () => {
    const drain = new Drain(1_000);
    const a = drain.enter();
    drain.enter();
    expect(drain.inFlight).toBe(2);
    a();
    a();
    expect(drain.inFlight).toBe(1);
  });

  it('tells its listeners once when shutdown begins, and a late listener at once', () => {
    const drain = new Drain(1_000);
    const heard: string[] = [];
    drain.onBegin(() => heard.push('early'));
    expect(drain.draining).toBe(false);
    drain.begin();
    drain.begin();
    drain.onBegin(() => heard.push('late'));
    expect(drain.draining).toBe(true);
    expect(heard).toEqual(['early', 'late']);
  });

  it('settles at once with nothing running', async () => {
    const outcome = await new Drain(10_000).whenDone();
    expect(outcome.cut).toBe(0);
    expect(outcome.ms).toBeLessThan(50);
  });

  it('lets a tracked stream finish within the grace period, then settles with nothing cut', async () => {
    const drain = new Drain(5_000);
    const values = collect(drain.run(new AbortController().signal, (signal) => ticks([1, 2, 3], 30, signal)));
    await new Promise((resolve) => setTimeout(resolve, 10));
    expect(drain.inFlight).toBe(1);
    const outcome = await drain.whenDone();
    expect(await values).toEqual([1, 2, 3]);
    expect(outcome.cut).toBe(0);
    expect(drain.inFlight).toBe(0);
    expect(drain.cutSignal.aborted).toBe(false);
  });

  it('cuts what still runs when the grace period is over', async () => {
    const drain = new Drain(100);
    const values = collect(drain.run(new AbortController().signal, (signal) => ticks([1, 2, 3, 4, 5, 6, 7, 8, 9, 10], 40, signal)));
    await new Promise((resolve) => setTimeout(resolve, 10));
    const outcome = await drain.whenDone();
    expect(outcome.cut).toBe(1);
    expect(outcome.ms).toBeGreaterThanOrEqual(95);
    expect(drain.cutSignal.aborted).toBe(true);
    const got = await values;
    expect(got.length).toBeGreaterThan(0);
    expect(got.length).toBeLessThan(10);
  });

  it('ends a stream the grace period cut with the cut part, but not one whose caller left or that finished', async () => {
    const cutDrain = new Drain(50);
    const cut = collect(cutDrain.run(new AbortController().signal, (signal) => ticks([1, 2, 3, 4, 5, 6, 7, 8], 30, signal), () => -1));
    await cutDrain.whenDone();
    expect((await cut).at(-1)).toBe(-1);

    const drain = new Drain(5_000);
    const caller = new AbortController();
    const left = collect(drain.run(caller.signal, (signal) => ticks([1, 2, 3, 4, 5], 30, signal), () => -1));
    setTimeout(() => caller.abort(), 45);
    expect(await left).not.toContain(-1);
    expect(await collect(drain.run(new AbortController().signal, (signal) => ticks([1, 2], 5, signal), () => -1))).toEqual([1, 2]);
  });

  it('gives every caller of settle() the same outcome', async () => {
    const drain = new Drain(50);
    drain.enter();
    const [a, b] = await Promise.all([drain.whenDone(), drain.whenDone()]);
    expect(a).toBe(b);
    expect(a.cut).toBe(1);
  });

  it('passes the caller’s own abort to a tracked stream, without cutting anything else', async () => {
    const drain = new Drain(5_000);
    const caller = new AbortController();
    const values = collect(drain.run(caller.signal, (signal) => ticks([1, 2, 3, 4, 5], 30, signal)));
    setTimeout(() => caller.abort(), 45);
    expect((await values).length).toBeLessThan(5);
    expect(drain.inFlight).toBe(0);
    expect(drain.cutSignal.aborted).toBe(false);
  });

  it('releases a tracked stream its consumer abandons', async () => {
    const drain = new Drain(5_000);
    const stream = drain.run(new AbortController().signal, (signal) => ticks([1, 2, 3], 5, signal));
    expect((await stream.next()).value).toBe(1);
    await stream.return(undefined);
    expect(drain.inFlight).toBe(0);
  });
});

describe('Drain over many requests', () => {
  it('keeps no listener on its cut signal for work that is over', async () => {
    const drain = new Drain(1_000);
    for (let i = 0; i < 200; i++) await collect(drain.run(new AbortController().signal, (signal) => ticks([i], 0, signal)));
    expect(getEventListeners(drain.cutSignal, 'abort')).toHaveLength(0);
    // What AbortSignal.any would have left: Node keeps its composites in the source's dependant set (nodejs/node#55351).
    const dependants = Object.getOwnPropertySymbols(drain.cutSignal).find((s) => s.description === 'kDependantSignals');
    const set = dependants ? (drain.cutSignal as unknown as Record<symbol, Set<unknown> | undefined>)[dependants] : undefined;
    expect(set?.size ?? 0).toBe(0);
  });
});
