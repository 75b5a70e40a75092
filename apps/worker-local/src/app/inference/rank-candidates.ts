import type { StreamPart } from '@switchyard/contracts';
import type { GenerationScore } from '../engine/inference-engine';

/** A `best_of` candidate: its buffered deltas and finish, and its score. */
export interface Candidate {
  parts: StreamPart[];
  score: GenerationScore | undefined;
}

/** Mean log probability per sampled token; a candidate without tokens or score ranks last. */
export function meanLogprob(score: GenerationScore | undefined): number {
  return score && score.tokens > 0 ? score.logprobSum / score.tokens : -Infinity;
}

/**
 * The `n` best candidates ("the highest log probability per token", as OpenAI's `best_of`), best
 * first, their parts re-indexed from `firstIndex`. Log probabilities computed only for ranking are
 * dropped unless the request asked for them.
 */
export function rankCandidates(candidates: readonly Candidate[], n: number, firstIndex: number, keepLogprobs: boolean): StreamPart[] {
  const ranked = candidates
    .map((candidate, order) => ({ candidate, order, mean: meanLogprob(candidate.score) }))
    .sort((a, b) => b.mean - a.mean || a.order - b.order)
    .slice(0, n);
  return ranked.flatMap(({ candidate }, rank) =>
    candidate.parts.map((part): StreamPart => {
      if (part.type === 'finish') return { ...part, index: firstIndex + rank };
      if (part.type !== 'delta') return part;
      const { logprobs, ...rest } = part;
      return keepLogprobs && logprobs ? { ...rest, index: firstIndex + rank, logprobs } : { ...rest, index: firstIndex + rank };
    }),
  );
}
