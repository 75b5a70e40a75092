import type { RoutingPolicy } from '@switchyard/contracts';
import type { PriceConfig } from '@switchyard/config';
import { hasFreeSlot, hasRoom, loadOf, type Candidate } from './candidates';
import type { LatencyStats } from './latency-tracker';

/** What the policies need to know about the request and the backends. */
export interface PolicyContext {
  /** Estimated prompt tokens and expected completion tokens of this request. */
  promptTokens: number;
  completionTokens: number;
  /** Observed latency of a candidate, when this router has measured it. */
  latencyOf: (c: Candidate) => LatencyStats | undefined;
  /** Prices per backend (`provider:model` or `provider:*`), USD per million tokens. */
  prices: Readonly<Record<string, PriceConfig>>;
}

type Compare = (a: Candidate, b: Candidate) => number;

/** edge-first: local with a free slot, then cloud with room, then local that would queue, then the full. */
function edgeTier(c: Candidate): number {
  if (c.kind === 'local' && hasFreeSlot(c)) return 0;
  if (c.kind === 'cloud' && hasRoom(c)) return 1;
  return hasRoom(c) ? 2 : 3;
}

/** cloud-first: cloud with room, then local with a free slot, then local that would queue, then the full. */
function cloudTier(c: Candidate): number {
  if (c.kind === 'cloud' && hasRoom(c)) return 0;
  if (c.kind === 'local' && hasFreeSlot(c)) return 1;
  return hasRoom(c) ? 2 : 3;
}

/**
 * Expected time to the last token, in ms: the measured time to first token plus the expected
 * completion at the measured speed; when every slot is busy, plus the wait in the queue: as long as
 * this request's own work for each one ahead, or as long as the measured waits, whichever is longer
 * (the requests ahead may be far longer than this one). Undefined when the backend has not been
 * measured yet (it is then tried first, so it gets measured).
 */
export function expectedLatencyMs(c: Candidate, ctx: PolicyContext): number | undefined {
  const stats = ctx.latencyOf(c);
  if (!stats || stats.tokensPerSecond === undefined || stats.tokensPerSecond <= 0) return undefined;
  const alone = aloneMs(stats, ctx.completionTokens);
  if (hasFreeSlot(c) || c.capacity === 0) return alone;
  const ahead = (c.busy - c.capacity + 1) / c.capacity;
  return alone + Math.max(alone * ahead, stats.queuedMs ?? 0);
}

/** The price of a backend: its own entry, its provider's `*` entry, 0 for local models, else undefined. */
export function priceOf(c: Candidate, prices: Readonly<Record<string, PriceConfig>>): PriceConfig | undefined {
  return prices[c.backend] ?? prices[`${c.provider}:*`] ?? (c.kind === 'local' ? { input: 0, output: 0 } : undefined);
}

/** Expected cost of the request on a backend, USD; unpriced cloud backends cost +∞ (ranked last). */
export function expectedCost(c: Candidate, ctx: PolicyContext): number {
  const price = priceOf(c, ctx.prices);
  if (!price) return Number.POSITIVE_INFINITY;
  return (ctx.promptTokens * price.input + ctx.completionTokens * price.output) / 1_000_000;
}

function by<T extends number>(key: (c: Candidate) => T): Compare {
  return (a, b) => {
    const x = key(a);
    const y = key(b);
    return x === y ? 0 : x < y ? -1 : 1;
  };
}

function chain(...compares: Compare[]): Compare {
  return (a, b) => {
    for (const compare of compares) {
      const result = compare(a, b);
      if (result !== 0) return result;
    }
    return 0;
  };
}

/**
 * The measured speed of each backend: the best expected latency among its workers, alone (without a
 * queue). Backends of one tier are ordered by it, so `auto` falls back to the faster of two capable
 * backends rather than to the first by name; replicas of one backend share it and are spread by load.
 */
export function backendLatencies(candidates: readonly Candidate[], ctx: PolicyContext): ReadonlyMap<string, number> {
  const best = new Map<string, number>();
  for (const c of candidates) {
    const stats = ctx.latencyOf(c);
    if (stats === undefined) continue;
    const ms = aloneMs(stats, ctx.completionTokens);
    const known = best.get(c.backend);
    if (known === undefined || ms < known) best.set(c.backend, ms);
  }
  return best;
}

/** Time to first token plus `completionTokens` at the measured speed (time to first token alone before a speed is known), without a queue. */
function aloneMs(stats: LatencyStats, completionTokens: number): number {
  const generation = stats.tokensPerSecond !== undefined && stats.tokensPerSecond > 0 ? (completionTokens * 1000) / stats.tokensPerSecond : 0;
  return stats.ttftMs + generation;
}

/** Among equals: the faster backend (an unmeasured one first, so it gets measured), then the least loaded replica, then names. */
function stableTail(latencies: ReadonlyMap<string, number>): Compare {
  return chain(
    (a, b) => (a.backend === b.backend ? 0 : by((c) => latencies.get(c.backend) ?? -1)(a, b)),
    by(loadOf),
    (a, b) => a.backend.localeCompare(b.backend) || a.workerId.localeCompare(b.workerId),
  );
}

/**
 * The comparator of a policy over `candidates`; alias order comes first, and among equals the faster
 * backend, then the least loaded replica wins.
 */
export function policyComparator(policy: RoutingPolicy, ctx: PolicyContext, candidates: readonly Candidate[]): Compare {
  const tail = stableTail(backendLatencies(candidates, ctx));
  const full = by((c) => (hasRoom(c) ? 0 : 1));
  const preference = by((c) => c.preference);
  switch (policy) {
    case 'edge-first':
      return chain(preference, by(edgeTier), tail);
    case 'cloud-first':
      return chain(preference, by(cloudTier), tail);
    case 'fastest':
      return chain(preference, full, by((c) => expectedLatencyMs(c, ctx) ?? -1), by(edgeTier), tail);
    case 'cheapest':
      return chain(preference, full, by((c) => expectedCost(c, ctx)), by(edgeTier), tail);
  }
}
