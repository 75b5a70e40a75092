import type { ToolCallDelta } from './stream-part';

/** A tool call put together from its fragments so far. */
export interface GatheredToolCall {
  id: string;
  name: string;
  arguments: string;
}

/** Adds one fragment to the calls gathered so far (by the call's index): the id replaces, name and arguments append. */
export function gatherToolCall(calls: Map<number, GatheredToolCall>, fragment: ToolCallDelta): void {
  const call = calls.get(fragment.index) ?? { id: '', name: '', arguments: '' };
  if (fragment.id !== undefined) call.id = fragment.id;
  if (fragment.name !== undefined) call.name += fragment.name;
  if (fragment.arguments !== undefined) call.arguments += fragment.arguments;
  calls.set(fragment.index, call);
}

/** The gathered calls in index order. */
export function gatheredInOrder(calls: ReadonlyMap<number, GatheredToolCall>): GatheredToolCall[] {
  return [...calls.entries()].sort(([a], [b]) => a - b).map(([, call]) => call);
}
