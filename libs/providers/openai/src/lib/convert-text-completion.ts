import type { DeltaPart, StreamPart } from '@switchyard/contracts';
import { convertLegacyLogprobs } from './convert-legacy-logprobs';
import { convertUsage } from './convert-usage';
import { convertWholeResponse } from './convert-whole-response';
import { mapOpenAIFinishReason } from './map-openai-finish-reason';
import { WireTextCompletionSchema, type WireTextChoice, type WireTextChunk } from './openai-completion-wire.schema';

/** The delta part of a text completion choice: its text and the log probabilities of its tokens. */
function deltaPart(choice: WireTextChoice, index: number): DeltaPart {
  const part: DeltaPart = { type: 'delta', index, text: choice.text };
  const logprobs = convertLegacyLogprobs(choice.logprobs);
  if (logprobs) part.logprobs = logprobs;
  return part;
}

/**
 * One streamed `text_completion` chunk → for each choice its delta part (when it carries text or log
 * probabilities) and its finish part (when it has a finish reason), then a usage part if the chunk
 * reports usage (the last one, with no choices, when `stream_options.include_usage` is set).
 * Reference: https://platform.openai.com/docs/api-reference/completions/create (`stream`)
 */
export function convertTextChunk(chunk: WireTextChunk): StreamPart[] {
  const parts: StreamPart[] = [];
  for (const choice of chunk.choices ?? []) {
    const delta = deltaPart(choice, choice.index);
    if (delta.text !== '' || delta.logprobs) parts.push(delta);
    if (choice.finish_reason != null) parts.push({ type: 'finish', index: choice.index, reason: mapOpenAIFinishReason(choice.finish_reason) });
  }
  if (chunk.usage) parts.push(convertUsage(chunk.usage));
  return parts;
}

/**
 * A non-streamed `text_completion` → for each choice a delta part (its whole text) and a finish part,
 * then a usage part when reported. Error objects and malformed bodies as for chat (`convertWholeResponse`).
 */
export function convertTextCompletion(provider: string, json: unknown): StreamPart[] {
  return convertWholeResponse(provider, json, WireTextCompletionSchema, (completion) => {
    const parts = completion.choices.flatMap((choice, position): StreamPart[] => {
      const index = choice.index ?? position;
      return [deltaPart(choice, index), { type: 'finish', index, reason: mapOpenAIFinishReason(choice.finish_reason) }];
    });
    if (completion.usage) parts.push(convertUsage(completion.usage));
    return parts;
  });
}
