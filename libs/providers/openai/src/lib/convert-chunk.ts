import type { DeltaPart, StreamPart, ToolCallDelta } from '@switchyard/contracts';
import { convertLogprobs } from './convert-logprobs';
import { convertUsage } from './convert-usage';
import { mapOpenAIFinishReason } from './map-openai-finish-reason';
import type { WireChunk, WireChunkChoice, WireToolCallChunk } from './openai-wire.schema';

function toolCallFragment(call: WireToolCallChunk, position: number): ToolCallDelta {
  const fragment: ToolCallDelta = { index: call.index ?? position };
  if (call.id != null) fragment.id = call.id;
  if (call.function?.name != null) fragment.name = call.function.name;
  if (call.function?.arguments != null) fragment.arguments = call.function.arguments;
  return fragment;
}

/** Tool-call fragments; a legacy `function_call` fragment is the call at index 0 (as in `convertResponse`). */
function toolCallFragments(delta: NonNullable<WireChunkChoice['delta']>): ToolCallDelta[] {
  const fragments = (delta.tool_calls ?? []).map(toolCallFragment);
  if (delta.function_call) fragments.push(toolCallFragment({ index: 0, function: delta.function_call }, 0));
  return fragments;
}

/** The delta part of one choice, or undefined when it carries nothing (the role-only first chunk). */
function deltaPart(choice: WireChunkChoice): DeltaPart | undefined {
  const delta = choice.delta ?? {};
  const part: DeltaPart = { type: 'delta', index: choice.index, text: delta.content ?? '' };
  const fragments = toolCallFragments(delta);
  if (fragments.length > 0) part.toolCalls = fragments;
  if (delta.refusal) part.refusal = delta.refusal;
  const logprobs = convertLogprobs(choice.logprobs);
  if (logprobs) part.logprobs = logprobs;
  const empty = part.text === '' && !part.toolCalls && part.refusal === undefined && !part.logprobs;
  return empty ? undefined : part;
}

/**
 * One `chat.completion.chunk` → for each choice its delta part (if it carries anything) and its
 * finish part (if it has a finish reason), then a usage part if the chunk reports usage (the last
 * chunk, with no choices, when `stream_options.include_usage` is set). Order is kept as received.
 */
export function convertChunk(chunk: WireChunk): StreamPart[] {
  const parts: StreamPart[] = [];
  for (const choice of chunk.choices ?? []) {
    const delta = deltaPart(choice);
    if (delta) parts.push(delta);
    if (choice.finish_reason != null) parts.push({ type: 'finish', index: choice.index, reason: mapOpenAIFinishReason(choice.finish_reason) });
  }
  if (chunk.usage) parts.push(convertUsage(chunk.usage));
  return parts;
}
