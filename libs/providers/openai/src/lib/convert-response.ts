import type { DeltaPart, StreamPart, ToolCallDelta } from '@switchyard/contracts';
import { convertLogprobs } from './convert-logprobs';
import { convertUsage } from './convert-usage';
import { convertWholeResponse } from './convert-whole-response';
import { mapOpenAIFinishReason } from './map-openai-finish-reason';
import { WireCompletionSchema, type WireChoice, type WireToolCall } from './openai-wire.schema';

/**
 * A complete tool call → one tool-call delta. A custom-tool call has no place of its own in the
 * stream parts: its name and free-form `input` travel as name and arguments.
 */
function toolCallDelta(call: WireToolCall, index: number): ToolCallDelta {
  const delta: ToolCallDelta = { index };
  if (call.id != null) delta.id = call.id;
  if ('custom' in call) return { ...delta, name: call.custom.name, arguments: call.custom.input };
  return { ...delta, name: call.function.name, arguments: call.function.arguments };
}

/**
 * A message's tool calls. A legacy `function_call` (a request using `functions`) becomes one more
 * entry with no id, after any tool calls; with the finish reason `function_call` beside it, that is
 * how the gateway can tell it from a tool call.
 */
function toolCalls(message: WireChoice['message']): ToolCallDelta[] {
  const calls = (message.tool_calls ?? []).map(toolCallDelta);
  const legacy = message.function_call;
  if (legacy) {
    const call: ToolCallDelta = { index: calls.length };
    if (legacy.name != null) call.name = legacy.name;
    if (legacy.arguments != null) call.arguments = legacy.arguments;
    calls.push(call);
  }
  return calls;
}

function choiceParts(choice: WireChoice, position: number): StreamPart[] {
  const index = choice.index ?? position;
  const delta: DeltaPart = { type: 'delta', index, text: choice.message.content ?? '' };
  const calls = toolCalls(choice.message);
  if (calls.length > 0) delta.toolCalls = calls;
  if (choice.message.refusal) delta.refusal = choice.message.refusal;
  const logprobs = convertLogprobs(choice.logprobs);
  if (logprobs) delta.logprobs = logprobs;
  return [delta, { type: 'finish', index, reason: mapOpenAIFinishReason(choice.finish_reason) }];
}

/**
 * A non-streamed `chat.completion` → for each choice a delta part (its whole message) and a finish
 * part, then one usage part when the upstream reports usage. An error object answered with 200 →
 * its error part; any other body that is not a completion → one retryable `upstream_error`.
 */
export function convertResponse(provider: string, json: unknown): StreamPart[] {
  return convertWholeResponse(provider, json, WireCompletionSchema, (completion) => {
    const parts = completion.choices.flatMap(choiceParts);
    if (completion.usage) parts.push(convertUsage(completion.usage));
    return parts;
  });
}
