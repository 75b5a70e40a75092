import type { StartPart } from '@switchyard/contracts';
import type { LlamaCompletionPlan } from '@switchyard/providers-llama';
import type { LoadedModel } from '../engine/inference-engine';
import { choiceSeed } from './choice-seed';
import type { Job } from './inference-job';
import { rankCandidates, type Candidate } from './rank-candidates';
import { streamGeneration } from './stream-generation';

/**
 * A text completion: for each prompt, `n` choices indexed `prompt * n + i` as OpenAI does, one after
 * the other on the request's sequence. With `best_of` > `n`, `best_of` candidates are generated
 * (with log probabilities, to score them), and the `n` best are sent once all are done; `best_of`
 * cannot stream (the gateway refuses it with `stream`). Every candidate's tokens count in usage.
 */
export function completionJob(model: LoadedModel, plan: LlamaCompletionPlan, start: StartPart): Job {
  const ranked = plan.bestOf > plan.n;
  const options = ranked && plan.options.logprobs === undefined ? { ...plan.options, logprobs: 0 } : plan.options;
  return async function* (stop, tally) {
    for (const [p, prompt] of plan.prompts.entries()) {
      const candidates: Candidate[] = [];
      for (let c = 0; c < plan.bestOf; c++) {
        const events = model.complete(prompt, { ...options, seed: choiceSeed(options.seed, c) }, stop);
        const collect = ranked ? [] : undefined;
        const first = p === 0 && c === 0;
        const result = yield* streamGeneration(events, { index: p * plan.n + c, start: first ? start : undefined, countPrompt: c === 0, tally, collect });
        if (result.end !== 'completed') return result.end;
        if (collect) candidates.push({ parts: collect, score: result.score });
      }
      if (ranked) yield* rankCandidates(candidates, plan.n, p * plan.n, plan.options.logprobs !== undefined);
    }
    return 'completed';
  };
}
