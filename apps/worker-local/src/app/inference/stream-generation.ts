import { errorPart, type StartPart, type StreamPart } from '@switchyard/contracts';
import { randomId } from '@switchyard/openai';
import { mapLlamaStopReason } from '@switchyard/providers-llama';
import type { EngineEvent, GenerationScore } from '../engine/inference-engine';
import type { JobEnd, JobTally } from './inference-job';

/** Where one generation's output goes. */
export interface GenerationTarget {
  /** Choice index of its deltas and finish. */
  index: number;
  /** The request's start part, when this generation is the request's first. */
  start: StartPart | undefined;
  /** Whether its prompt tokens count (the first generation of each prompt). */
  countPrompt: boolean;
  tally: JobTally;
  /** When given, deltas and finish are collected here instead of yielded (`best_of` candidates). */
  collect?: StreamPart[];
}

/**
 * Turns one generation's engine events into parts: `start` (first generation only), a delta per
 * echo or text event, a tool-call delta per call (numbered, with a new `call_` id), `finish`; a refusal becomes an error part. Returns how it ended and, when log
 * probabilities were asked for, its score.
 */
export async function* streamGeneration(
  events: AsyncIterable<EngineEvent>,
  target: GenerationTarget,
): AsyncGenerator<StreamPart, { end: JobEnd; score?: GenerationScore }> {
  const { index, tally } = target;
  const completedBefore = tally.completionTokens;
  const output = (part: StreamPart): StreamPart[] => (target.collect ? (target.collect.push(part), []) : [part]);
  let calls = 0;
  for await (const event of events) {
    switch (event.type) {
      case 'refused':
        yield errorPart(event.code, event.message, { param: event.param });
        return { end: 'refused' };
      case 'start':
        if (target.countPrompt) tally.promptTokens += event.promptTokens;
        if (target.start) yield target.start;
        break;
      case 'echo':
      case 'text':
        if (event.type === 'text') tally.completionTokens = completedBefore + event.completionTokens;
        yield* output({ type: 'delta', index, text: event.text, ...(event.logprobs ? { logprobs: event.logprobs } : {}) });
        break;
      case 'toolCall':
        yield* output({ type: 'delta', index, text: '', toolCalls: [{ index: calls++, id: `call_${randomId()}`, name: event.name, arguments: event.arguments }] });
        break;
      case 'end':
        tally.completionTokens = completedBefore + event.completionTokens;
        if (event.stopReason === 'abort') return { end: 'aborted' };
        yield* output({ type: 'finish', index, reason: mapLlamaStopReason(event.stopReason) });
        return { end: 'completed', score: event.score };
    }
  }
  throw new Error('the generation ended without an end event');
}
