import type { StartPart } from '@switchyard/contracts';
import type { LlamaGenerationInput } from '@switchyard/providers-llama';
import type { LoadedModel } from '../engine/inference-engine';
import { choiceSeed } from './choice-seed';
import type { Job } from './inference-job';
import { streamGeneration } from './stream-generation';

/**
 * A chat completion: `n` generations one after the other on the one sequence the request holds
 * (so `n` never waits for more slots than the scheduler granted), each choice streamed whole with
 * its index. The prompt is evaluated once: the next choice reuses it from the sequence.
 */
export function chatJob(model: LoadedModel, input: LlamaGenerationInput, n: number, start: StartPart): Job {
  return async function* (stop, tally) {
    for (let index = 0; index < n; index++) {
      const choice = { ...input, seed: choiceSeed(input.seed, index) };
      const { end } = yield* streamGeneration(model.generate(choice, stop), { index, start: index === 0 ? start : undefined, countPrompt: index === 0, tally });
      if (end !== 'completed') return end;
    }
    return 'completed';
  };
}
