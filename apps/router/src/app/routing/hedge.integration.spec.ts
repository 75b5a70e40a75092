import { errorPart, type StreamPart } from '@switchyard/contracts';
import { sleep, waitFor } from '@switchyard/testing';
import type { HedgeOptions } from './hedge';
import { heartbeat, useRouterHarness, type Script } from './request-router.harness';

/** Hedges after 150 ms (nothing measured yet: the ceiling), as often as asked; three races lost in a row open a circuit. */
const HEDGE: HedgeOptions = { percentile: 90, factor: 2, floorMs: 100, ceilingMs: 150, maxShare: 1, burst: 100, lossesToOpen: 3 };

/** An answer of `words` after `firstMs` (never when the work is cancelled first), recording a cancel in `cancelled`. */
const tell =
  (words: string[], firstMs: number, cancelled?: { value: boolean }): Script =>
  async function* (request, signal) {
    signal.addEventListener('abort', () => {
      if (cancelled) cancelled.value = true;
    });
    await sleep(firstMs, signal);
    if (signal.aborted) return;
    yield { type: 'start', backend: request.target ?? '?', model: request.target ?? '?', workerId: 'x' };
    for (const word of words) {
      yield { type: 'delta', index: 0, text: word };
      await sleep(2);
    }
    yield { type: 'finish', index: 0, reason: 'stop' };
    yield { type: 'usage', promptTokens: 3, completionTokens: words.length };
  };

const textOf = (parts: StreamPart[]): string => parts.map((p) => (p.type === 'delta' ? p.text : '')).join('');

/** Answers at once on the calls `answering` lists (counted from 1), and never on the others. */
const hangsBut = (answering: number[]): Script => {
  let call = 0;
  return (request, signal) => tell(['cloud'], answering.includes(++call) ? 5 : 60_000)(request, signal);
};

describe('RequestRouter hedging streamed first tokens over a real NATS server', () => {
  const h = useRouterHarness();

  it('starts the next candidate beside a backend that produces nothing, answers with it, and withdraws the first', async () => {
    h.makeRouter({ hedge: HEDGE });
    const cancelled = { value: false };
    await h.worker(heartbeat('hung', 'cloud', 'openai', ['gpt']), tell(['never'], 60_000, cancelled));
    await h.worker(heartbeat('edge', 'local', 'local', ['tiny']), tell(['Once', ' upon'], 5));
    const began = Date.now();
    const parts = await h.route('auto', undefined, { stream: true }, 'cloud-first');
    expect(Date.now() - began).toBeLessThan(1_000);
    expect(parts.filter((p) => p.type === 'start')).toHaveLength(1);
    expect(parts[0]).toMatchObject({
      model: 'auto (selected: local:tiny)',
      route: { selected: 'local:tiny', failed: [], hedged: [{ backend: 'openai:gpt', workerId: 'hung' }] },
    });
    expect(textOf(parts)).toBe('Once upon');
    expect(h.hedges).toEqual([{ primary: 'openai:gpt', hedge: 'local:tiny', won: true, promptTokens: expect.any(Number) }]);
    await waitFor(() => cancelled.value, 2_000, 'the first backend to be withdrawn');
    // Losing a race says nothing of the backend's health.
    expect(h.breaker.allows('hung')).toBe(true);
  });

  it('hedges on the other kind of backend (edge for cloud) when the next candidate is of the same kind', async () => {
    h.makeRouter({ hedge: HEDGE });
    await h.worker(heartbeat('hung-a', 'cloud', 'openai', ['gpt']), tell(['never'], 60_000));
    await h.worker(heartbeat('hung-b', 'cloud', 'anthropic', ['claude']), tell(['never'], 60_000));
    await h.worker(heartbeat('edge', 'local', 'local', ['tiny']), tell(['edge'], 5));
    const parts = await h.route('auto', undefined, { stream: true }, 'cloud-first');
    expect(textOf(parts)).toBe('edge');
    expect(h.hedges).toHaveLength(1);
    expect(h.hedges[0]).toMatchObject({ hedge: 'local:tiny', won: true });
    expect(h.calls).not.toContain(h.hedges[0].primary === 'openai:gpt' ? 'hung-b' : 'hung-a');
  });

  it('keeps the first backend when it produces output before the hedge does, and cancels the hedge', async () => {
    h.makeRouter({ hedge: HEDGE });
    const hedgeCancelled = { value: false };
    await h.worker(heartbeat('cloud', 'cloud', 'openai', ['gpt']), tell(['from', ' cloud'], 250));
    await h.worker(heartbeat('edge', 'local', 'local', ['tiny']), tell(['from', ' edge'], 400, hedgeCancelled));
    const parts = await h.route('auto', undefined, { stream: true }, 'cloud-first');
    expect(parts[0]).toMatchObject({ model: 'auto (selected: openai:gpt)' });
    expect(textOf(parts)).toBe('from cloud');
    expect(parts.filter((p) => p.type === 'start')).toHaveLength(1);
    expect(h.calls).toEqual(['cloud', 'edge']);
    expect(h.hedges).toEqual([{ primary: 'openai:gpt', hedge: 'local:tiny', won: false, promptTokens: expect.any(Number) }]);
    await waitFor(() => hedgeCancelled.value, 2_000, 'the hedge to be cancelled');
  });

  it('sends exactly one backend’s answer when both produce output at about the same moment', async () => {
    // Races lost in a row must not open the primary's circuit here: every request should race.
    h.makeRouter({ hedge: { ...HEDGE, lossesToOpen: 100 } });
    // The primary's output comes as the hedge's does (150 ms + its 5 ms), a few ms either side, give or take the bus.
    let call = 0;
    const aboutThen: Script = (request, signal) => tell(['C1', 'C2', 'C3'], 152 + (call++ % 6))(request, signal);
    await h.worker(heartbeat('cloud', 'cloud', 'openai', ['gpt']), aboutThen);
    await h.worker(heartbeat('edge', 'local', 'local', ['tiny']), tell(['E1', 'E2', 'E3'], 5));
    const winners = new Set<string>();
    for (let i = 0; i < 18; i++) {
      // Fresh heartbeats: the registry forgets workers silent for 3 s.
      h.registry.upsert(heartbeat('cloud', 'cloud', 'openai', ['gpt']));
      h.registry.upsert(heartbeat('edge', 'local', 'local', ['tiny']));
      const parts = await h.route('auto', undefined, { stream: true }, 'cloud-first');
      expect(parts.filter((p) => p.type === 'start')).toHaveLength(1);
      expect(['C1C2C3', 'E1E2E3']).toContain(textOf(parts));
      expect(parts.at(-1)).toMatchObject({ type: 'usage' });
      winners.add(textOf(parts));
    }
    // A primary whose output came before the hedge's wait ended raced nothing.
    expect(h.hedges.length).toBeGreaterThan(0);
    expect(winners.size).toBeGreaterThanOrEqual(1);
  }, 30_000);

  it('lets the hedge answer alone when the first backend fails after the hedge started', async () => {
    h.makeRouter({ hedge: HEDGE });
    await h.worker(heartbeat('cloud', 'cloud', 'openai', ['gpt']), async function* (_request, signal) {
      await sleep(200, signal);
      yield errorPart('internal_error', 'upstream 500', { retryable: true });
    });
    await h.worker(heartbeat('edge', 'local', 'local', ['tiny']), tell(['late', ' edge'], 300));
    const parts = await h.route('auto', undefined, { stream: true }, 'cloud-first');
    // The hedge's route was stamped when it started: it names the backend it raced, which failed later.
    expect(parts[0]).toMatchObject({ model: 'auto (selected: local:tiny)', route: { hedged: [{ backend: 'openai:gpt' }] } });
    expect(textOf(parts)).toBe('late edge');
    expect(h.hedges).toEqual([{ primary: 'openai:gpt', hedge: 'local:tiny', won: true, promptTokens: expect.any(Number) }]);
  });

  it('hedges no more than its share of requests', async () => {
    h.makeRouter({ hedge: { ...HEDGE, maxShare: 0, burst: 1 } });
    await h.worker(heartbeat('cloud', 'cloud', 'openai', ['gpt']), tell(['slow'], 300));
    await h.worker(heartbeat('edge', 'local', 'local', ['tiny']), tell(['fast'], 5));
    expect(textOf(await h.route('auto', undefined, { stream: true }, 'cloud-first'))).toBe('fast');
    // The budget is spent: the next request waits for the first backend.
    expect(textOf(await h.route('auto', undefined, { stream: true }, 'cloud-first'))).toBe('slow');
    expect(h.hedges).toHaveLength(1);
  });

  it('opens the circuit of a backend that loses lossesToOpen races in a row with no output, and skips it after', async () => {
    h.makeRouter({ hedge: HEDGE });
    await h.worker(heartbeat('hung', 'cloud', 'openai', ['gpt']), hangsBut([]));
    await h.worker(heartbeat('edge', 'local', 'local', ['tiny']), tell(['edge'], 5));
    for (let lost = 1; lost <= HEDGE.lossesToOpen; lost++) {
      expect(h.breaker.state('hung')).toBe('closed');
      expect(textOf(await h.route('auto', undefined, { stream: lost % 2 === 0 }, 'cloud-first'))).toBe('edge');
    }
    expect(h.hedges.map((hedge) => hedge.won)).toEqual([true, true, true]);
    expect(h.breaker.state('hung')).toBe('open');

    const began = Date.now();
    const parts = await h.route('auto', undefined, { stream: true }, 'cloud-first');
    // Straight to the edge: no hedge's wait, nothing sent to the hung backend.
    expect(Date.now() - began).toBeLessThan(HEDGE.ceilingMs);
    expect(parts[0]).toMatchObject({
      model: 'auto (selected: local:tiny)',
      route: { selected: 'local:tiny', failed: [], skipped: [{ backend: 'openai:gpt', workerId: 'hung', reason: 'circuit_open' }] },
    });
    expect(parts[0]).not.toHaveProperty('route.hedged');
    expect(textOf(parts)).toBe('edge');
    expect(h.calls.filter((id) => id === 'hung')).toHaveLength(HEDGE.lossesToOpen);
    expect(h.hedges).toHaveLength(HEDGE.lossesToOpen);
  });

  it('still sends a request pinned to a backend that lost races, which answers when it is only slow', async () => {
    h.makeRouter({ hedge: HEDGE });
    // Slow, not hung: it answers after 400 ms, well after the hedge's wait (at most 150 ms here).
    await h.worker(heartbeat('slow', 'cloud', 'openai', ['gpt']), tell(['slowly'], 400));
    await h.worker(heartbeat('edge', 'local', 'local', ['tiny']), tell(['edge'], 5));
    for (let lost = 1; lost <= HEDGE.lossesToOpen; lost++) expect(textOf(await h.route('auto', undefined, { stream: true }, 'cloud-first'))).toBe('edge');
    expect(h.breaker.state('slow')).toBe('open');
    // auto goes to the edge; the slow cloud, kept behind it, is named as skipped.
    const auto = await h.route('auto', undefined, { stream: true }, 'cloud-first');
    expect(auto[0]).toMatchObject({ route: { selected: 'local:tiny', skipped: [{ backend: 'openai:gpt', reason: 'circuit_open' }] } });
    // Pinned, it has no other candidate: it waits for the slow answer instead of being refused.
    const pinned = await h.route('openai:gpt', undefined, { stream: true });
    expect(textOf(pinned)).toBe('slowly');
    expect(pinned[0]).toMatchObject({ route: { selected: 'openai:gpt', failed: [], skipped: [] } });
    // Its answer was a success: the circuit closes.
    expect(h.breaker.state('slow')).toBe('closed');
  });

  it('refuses a pinned request at once when failures opened the circuit', async () => {
    h.makeRouter({ hedge: HEDGE });
    for (let i = 0; i < 3; i++) h.breaker.failure('down');
    await h.worker(heartbeat('down', 'cloud', 'openai', ['gpt']), tell(['never'], 60_000));
    const parts = await h.route('openai:gpt', undefined, { stream: true });
    expect(parts).toEqual([expect.objectContaining({ type: 'error', code: 'service_unavailable' })]);
    expect(h.calls).not.toContain('down');
  });

  it('starts the streak again after a success of the backend', async () => {
    h.makeRouter({ hedge: HEDGE });
    await h.worker(heartbeat('flaky', 'cloud', 'openai', ['gpt']), hangsBut([3]));
    await h.worker(heartbeat('edge', 'local', 'local', ['tiny']), tell(['edge'], 5));
    const texts: string[] = [];
    for (let i = 0; i < 5; i++) texts.push(textOf(await h.route('auto', undefined, { stream: true }, 'cloud-first')));
    // Lost, lost, answered, lost, lost: never three in a row.
    expect(texts).toEqual(['edge', 'edge', 'cloud', 'edge', 'edge']);
    expect(h.breaker.state('flaky')).toBe('closed');
    await h.route('auto', undefined, { stream: true }, 'cloud-first');
    expect(h.breaker.state('flaky')).toBe('open');
  });

  it('hedges the probe of a hung backend even with the budget spent, and opens its circuit again when the probe loses', async () => {
    // Three hedges in the budget, and no more: exactly what opening the circuit takes.
    h.makeRouter({ hedge: { ...HEDGE, maxShare: 0, burst: 3 } }, { failureThreshold: 3, firstOpenMs: 300, openMs: 600 });
    await h.worker(heartbeat('hung', 'cloud', 'openai', ['gpt']), hangsBut([]));
    await h.worker(heartbeat('edge', 'local', 'local', ['tiny']), tell(['edge'], 5));
    for (let i = 0; i < HEDGE.lossesToOpen; i++) await h.route('auto', undefined, { stream: true }, 'cloud-first');
    expect(h.breaker.state('hung')).toBe('open');
    await waitFor(() => h.breaker.state('hung') === 'half-open', 2_000, 'the circuit to half-open');

    const began = Date.now();
    const probe = await h.route('auto', undefined, {}, 'cloud-first');
    expect(Date.now() - began).toBeLessThan(1_000);
    expect(probe[0]).toMatchObject({ model: 'auto (selected: local:tiny)', route: { hedged: [{ backend: 'openai:gpt', workerId: 'hung' }] } });
    expect(h.hedges).toHaveLength(HEDGE.lossesToOpen + 1);
    // Open again (for twice as long), not half-open with its probe slot taken.
    expect(h.breaker.state('hung')).toBe('open');
    const reopenedFor = (h.breaker.reopensAt('hung') ?? 0) - Date.now();
    expect(reopenedFor).toBeGreaterThan(300);
    await waitFor(() => h.breaker.allows('hung'), 2_000, 'the next probe to be allowed');
  });

  it('reopens a circuit opened by failures when its probe loses a race', async () => {
    h.makeRouter({ hedge: HEDGE }, { failureThreshold: 1, firstOpenMs: 200, openMs: 400 });
    let call = 0;
    await h.worker(heartbeat('sick', 'cloud', 'openai', ['gpt']), async function* (request, signal) {
      if (++call === 1) {
        yield errorPart('upstream_error', 'upstream 502', { retryable: true });
        return;
      }
      yield* tell(['never'], 60_000)(request, signal);
    });
    await h.worker(heartbeat('edge', 'local', 'local', ['tiny']), tell(['edge'], 5));
    expect(textOf(await h.route('auto', undefined, { stream: true }, 'cloud-first'))).toBe('edge');
    expect(h.breaker.state('sick')).toBe('open');
    await waitFor(() => h.breaker.state('sick') === 'half-open', 2_000, 'the circuit to half-open');
    expect(textOf(await h.route('auto', undefined, { stream: true }, 'cloud-first'))).toBe('edge');
    expect(h.hedges).toEqual([{ primary: 'openai:gpt', hedge: 'local:tiny', won: true, promptTokens: expect.any(Number) }]);
    expect(h.breaker.state('sick')).toBe('open');
  });

  it('hedges a request answered whole the same way, its whole answer being its first output', async () => {
    h.makeRouter({ hedge: HEDGE });
    const cancelled = { value: false };
    await h.worker(heartbeat('hung', 'cloud', 'openai', ['gpt']), tell(['never'], 60_000, cancelled));
    await h.worker(heartbeat('edge', 'local', 'local', ['tiny']), tell(['whole', ' answer'], 5));
    const began = Date.now();
    const parts = await h.route('auto', undefined, {}, 'cloud-first');
    expect(Date.now() - began).toBeLessThan(1_000);
    expect(parts[0]).toMatchObject({ model: 'auto (selected: local:tiny)', route: { hedged: [{ backend: 'openai:gpt' }] } });
    expect(textOf(parts)).toBe('whole answer');
    expect(h.hedges).toEqual([{ primary: 'openai:gpt', hedge: 'local:tiny', won: true, promptTokens: expect.any(Number) }]);
    await waitFor(() => cancelled.value, 2_000, 'the first backend to be withdrawn');
  });
});
