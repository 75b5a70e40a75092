// Percentiles of per-request timings, and the median (with min and max) of a figure over repetitions.

/** Nearest-rank percentile (p in 0..1) of unsorted numbers; undefined when empty. */
export function percentile(values, p) {
  if (values.length === 0) return undefined;
  const sorted = Float64Array.from(values).sort();
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(p * sorted.length) - 1))];
}

/** p50 and p99 of unsorted numbers (one sort). */
export function p50p99(values) {
  if (values.length === 0) return { p50: undefined, p99: undefined };
  const sorted = Float64Array.from(values).sort();
  const at = (p) => sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(p * sorted.length) - 1))];
  return { p50: at(0.5), p99: at(0.99) };
}

/** { median, min, max, values } of one figure over repetitions (undefined values are left out). */
export function overReps(values) {
  const known = values.filter((v) => typeof v === 'number' && Number.isFinite(v));
  if (known.length === 0) return { median: undefined, min: undefined, max: undefined, values };
  const sorted = [...known].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  const median = sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
  return { median, min: sorted[0], max: sorted[sorted.length - 1], values };
}

/** Summarises each numeric field of a list of per-repetition result objects: field → overReps. */
export function summariseReps(reps) {
  const fields = new Set(reps.flatMap((r) => Object.keys(r).filter((k) => typeof r[k] === 'number')));
  return Object.fromEntries([...fields].map((f) => [f, overReps(reps.map((r) => r[f]))]));
}
