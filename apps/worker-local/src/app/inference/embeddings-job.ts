import { errorPart, type StartPart } from '@switchyard/contracts';
import type { LlamaPrompt } from '@switchyard/providers-llama';
import type { LoadedModel } from '../engine/inference-engine';
import type { Job } from './inference-job';

/** Embeddings: every input checked against the context, then embedded; `start`, one `embedding` part per input in order. */
export function embeddingsJob(model: LoadedModel, inputs: readonly LlamaPrompt[], start: StartPart): Job {
  return async function* (stop, tally) {
    const outcome = await model.embed(inputs, stop);
    if (outcome.type === 'refused') {
      yield errorPart('context_length_exceeded', outcome.message, { param: inputs.length > 1 ? `input[${outcome.index}]` : 'input' });
      return 'refused';
    }
    if (outcome.type === 'aborted') return 'aborted';
    tally.promptTokens = outcome.promptTokens;
    yield start;
    for (const [index, vector] of outcome.vectors.entries()) yield { type: 'embedding', index, vector };
    return 'completed';
  };
}
