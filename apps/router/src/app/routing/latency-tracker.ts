import type { LatencyStats } from '@switchyard/contracts';

/** What one finished request showed about a backend's speed. */
export interface LatencySample {
  /** From sending the request to the first generated output, in ms. */
  ttftMs: number;
  /** Completion tokens and the time spent generating them after the first, in ms. */
  completionTokens: number;
  generationMs: number;
  /** How long it waited in the worker's queue, in ms (not part of `ttftMs`), when it did. */
  queuedMs?: number;
}

/** Moving averages of one backend on one worker, as this router has observed them (the last `RECENT` times to first token kept). */
export type { LatencyStats };

/** How many recent times to first token a backend keeps for its percentiles. */
const RECENT = 32;

/**
 * Exponentially weighted moving averages of time to first token and tokens per second, per worker and
 * backend. Each router replica measures what its own requests see, bus hop and queueing included.
 */
export class LatencyTracker {
  private readonly stats = new Map<string, LatencyStats>();

  /** `alpha` is the weight of the newest sample (0.3: about the last five requests matter). */
  constructor(private readonly alpha = 0.3) {}

  record(workerId: string, backend: string, sample: LatencySample): void {
    const key = keyOf(workerId, backend);
    const tps = sample.completionTokens >= 2 && sample.generationMs > 0 ? ((sample.completionTokens - 1) * 1000) / sample.generationMs : undefined;
    const known = this.stats.get(key);
    const queued = sample.queuedMs !== undefined && sample.queuedMs > 0 ? sample.queuedMs : undefined;
    if (!known) {
      this.stats.set(key, { ttftMs: sample.ttftMs, tokensPerSecond: tps, samples: 1, recentTtftMs: [sample.ttftMs], ...(queued === undefined ? {} : { queuedMs: queued }) });
      return;
    }
    if (queued !== undefined) known.queuedMs = known.queuedMs === undefined ? queued : this.blend(known.queuedMs, queued);
    known.recentTtftMs.push(sample.ttftMs);
    if (known.recentTtftMs.length > RECENT) known.recentTtftMs.shift();
    known.ttftMs = this.blend(known.ttftMs, sample.ttftMs);
    if (tps !== undefined) known.tokensPerSecond = known.tokensPerSecond === undefined ? tps : this.blend(known.tokensPerSecond, tps);
    known.samples += 1;
  }

  get(workerId: string, backend: string): LatencyStats | undefined {
    return this.stats.get(keyOf(workerId, backend));
  }

  /** The `percentile` (0–100) of the backend's recent times to first token, in ms; undefined before any sample. */
  ttftPercentile(workerId: string, backend: string, percentile: number): number | undefined {
    const recent = this.stats.get(keyOf(workerId, backend))?.recentTtftMs;
    if (recent === undefined || recent.length === 0) return undefined;
    const sorted = [...recent].sort((a, b) => a - b);
    return sorted[Math.min(sorted.length - 1, Math.ceil((percentile / 100) * sorted.length) - 1)];
  }

  /** Forgets a worker that left. */
  forget(workerId: string): void {
    for (const key of this.stats.keys()) if (key.startsWith(`${workerId}\u0000`)) this.stats.delete(key);
  }

  private blend(previous: number, next: number): number {
    return previous + this.alpha * (next - previous);
  }
}

function keyOf(workerId: string, backend: string): string {
  return `${workerId}\u0000${backend}`;
}
