import type { ChatModelFunctions, GbnfJsonSchema } from 'node-llama-cpp';
import type { GrammarJsonSchema, LlamaTool } from '@switchyard/providers-llama';
import type { EngineEvent } from './inference-engine';

/** The tools as node-llama-cpp's functions: the chat template documents them and parses the model's calls. */
export function functionsOf(tools: readonly LlamaTool[]): ChatModelFunctions {
  // `toGrammarJsonSchema` made the parameters: within the subset node-llama-cpp enforces.
  return Object.fromEntries(tools.map((tool) => [tool.name, { description: tool.description, params: tool.parameters as GbnfJsonSchema }]));
}

/** The JSON of one call: `{"name": <a tool's>, "arguments": <its parameters>}`. */
export function callSchema(tools: readonly LlamaTool[]): GrammarJsonSchema {
  const calls = tools.map((tool) => ({ type: 'object', properties: { name: { const: tool.name }, arguments: tool.parameters } }));
  return calls.length === 1 ? (calls[0] as GrammarJsonSchema) : { oneOf: calls };
}

/** What the model is told when its answer must be a call: the tools, and the form of the answer. */
export function callInstruction(tools: readonly LlamaTool[]): string {
  const lines = tools.map((tool) => `- ${tool.name}${tool.description ? `: ${tool.description}` : ''}. Arguments: ${JSON.stringify(tool.parameters)}`);
  return ['Answer with one call of one of these tools, as JSON {"name": ..., "arguments": {...}}:', ...lines].join('\n');
}

/**
 * A generation held to `callSchema` as one call: its text is gathered, not passed on, and at its end becomes a
 * `toolCall` event (the end then says `functionCalls`), even when its last token was the limit's. Output that is no whole
 * call (cut by the token limit) is passed on as text, and the end says why it stopped.
 */
export async function* asToolCall(events: AsyncIterable<EngineEvent>): AsyncGenerator<EngineEvent> {
  let text = '';
  let completionTokens = 0;
  for await (const event of events) {
    if (event.type === 'text') {
      text += event.text;
      completionTokens = event.completionTokens;
      continue;
    }
    if (event.type !== 'end') {
      yield event;
      continue;
    }
    const call = parseCall(text);
    if (call && event.stopReason !== 'abort') {
      yield { type: 'toolCall', ...call };
      yield { ...event, stopReason: 'functionCalls' };
    } else {
      if (text !== '') yield { type: 'text', text, completionTokens };
      yield event;
    }
  }
}

function parseCall(text: string): { name: string; arguments: string } | undefined {
  try {
    const value: unknown = JSON.parse(text);
    if (typeof value !== 'object' || value === null) return undefined;
    const { name, arguments: args } = value as { name?: unknown; arguments?: unknown };
    return typeof name === 'string' ? { name, arguments: JSON.stringify(args ?? {}) } : undefined;
  } catch {
    return undefined;
  }
}
