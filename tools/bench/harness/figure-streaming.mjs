// Figures: streaming through a target, one stream at a time (1 connection), after a warm-up.
//   ttft         time to the first content chunk of a short stream (model `bench`, 10 chunks)
//   long stream  total time of a 500-chunk stream (model `chunks-500`, no gap upstream)
import { StreamClient } from './stream-client.mjs';
import { overReps, p50p99 } from './stats.mjs';

async function sequentialStreams(target, shape, warmup, count) {
  const client = new StreamClient(target, 1);
  try {
    for (let i = 0; i < warmup; i++) await client.stream(shape);
    const results = [];
    for (let i = 0; i < count; i++) results.push(await client.stream(shape));
    return results;
  } finally {
    await client.close();
  }
}

function tally(results) {
  const good = results.filter((r) => !r.error);
  const firstError = results.find((r) => r.error)?.error;
  return { good, errors: results.length - good.length, ...(firstError ? { firstError } : {}) };
}

/** One repetition: { p50, p99 (time to first content, ms), totalP50, streams, errors, firstError? }. */
export async function measureTtft(target, settings) {
  const results = await sequentialStreams(target, 'bench', settings.streamWarmup, settings.ttftStreams);
  const { good, errors, firstError } = tally(results);
  const { p50, p99 } = p50p99(good.map((r) => r.ttft));
  return { p50, p99, totalP50: p50p99(good.map((r) => r.total)).p50, streams: good.length, errors, ...(firstError ? { firstError } : {}) };
}

/** One repetition: { total (median ms of a whole 500-chunk stream), totalMax, ttft, streams, errors, firstError? }. */
export async function measureLongStream(target, settings) {
  const results = await sequentialStreams(target, 'chunks-500', Math.min(3, settings.streamWarmup), settings.longStreams);
  const { good, errors, firstError } = tally(results);
  const totals = overReps(good.map((r) => r.total));
  return { total: totals.median, totalMax: totals.max, ttft: overReps(good.map((r) => r.ttft)).median, streams: good.length, errors, ...(firstError ? { firstError } : {}) };
}
