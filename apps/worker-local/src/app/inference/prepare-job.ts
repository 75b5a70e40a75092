import { errorPart, type ErrorPart, type InferenceRequest, type StartPart } from '@switchyard/contracts';
import { embeddingInputs } from '@switchyard/openai';
import {
  checkTokenIds,
  convertChatRequest,
  convertCompletionRequest,
  unsupportedParameter,
  type LlamaLogitBias,
  type LlamaPrompt,
  type ParameterProblem,
} from '@switchyard/providers-llama';
import type { LoadedModel } from '../engine/inference-engine';
import { chatJob } from './chat-job';
import { completionJob } from './completion-job';
import { embeddingsJob } from './embeddings-job';
import type { Job } from './inference-job';

/** A request ready to run, or the error part that refuses it before it takes a slot. */
export type PreparedJob = { ok: true; job: Job } | { ok: false; error: ErrorPart };

function refuse(problem: ParameterProblem): PreparedJob {
  return { ok: false, error: errorPart(problem.code, problem.message, { param: problem.param }) };
}

/** The first token id, in a bias or in token-id prompts, that the model's vocabulary lacks. */
function checkIds(model: LoadedModel, bias: readonly LlamaLogitBias[], prompts: readonly LlamaPrompt[], param: string): ParameterProblem | undefined {
  const size = model.info.vocabularySize;
  const inBias = checkTokenIds(bias.map((entry) => entry.token), size, 'logit_bias');
  if (inBias) return inBias;
  for (const [i, prompt] of prompts.entries()) {
    const problem = typeof prompt === 'string' ? undefined : checkTokenIds(prompt, size, prompts.length > 1 ? `${param}[${i}]` : param);
    if (problem) return problem;
  }
  return undefined;
}

/**
 * Converts a request of any kind for `model` and checks what depends on the model (token ids,
 * `suffix` without infill tokens, `dimensions`), so refusals come before the request waits for a slot.
 */
export function prepareJob(request: InferenceRequest, model: LoadedModel, start: StartPart): PreparedJob {
  switch (request.kind) {
    case 'chat': {
      const converted = convertChatRequest(request.body);
      if (!converted.ok) return refuse(converted.error);
      const problem = checkIds(model, converted.input.logitBias, [], 'messages');
      return problem ? refuse(problem) : { ok: true, job: chatJob(model, converted.input, converted.n, start) };
    }
    case 'completion': {
      const converted = convertCompletionRequest(request.body);
      if (!converted.ok) return refuse(converted.error);
      const { plan } = converted;
      if (plan.options.suffix !== undefined && !model.info.infill) {
        return refuse(unsupportedParameter('suffix', `local:${model.info.name} has no fill-in-the-middle tokens`));
      }
      const problem = checkIds(model, plan.options.logitBias, plan.prompts, 'prompt');
      return problem ? refuse(problem) : { ok: true, job: completionJob(model, plan, start) };
    }
    case 'embeddings': {
      const { dimensions } = request.body;
      if (dimensions !== undefined && dimensions !== model.info.embeddingSize) {
        return refuse(unsupportedParameter('dimensions', `local:${model.info.name} embeds in ${model.info.embeddingSize} dimensions only`));
      }
      const inputs = embeddingInputs(request.body.input);
      const problem = checkIds(model, [], inputs, 'input');
      return problem ? refuse(problem) : { ok: true, job: embeddingsJob(model, inputs, start) };
    }
  }
}
