import type { ChatCompletionRequest } from '@switchyard/openai';
import { toGrammarJsonSchema } from './grammar-json-schema';
import type { LlamaTool, LlamaToolUse } from './llama-generation-input';
import { invalidParameter, unsupportedParameter, type ParameterProblem } from './unsupported-parameter';

/** A tool without parameters takes an empty object. */
const NO_PARAMETERS = { type: 'object', properties: {} };

/**
 * `tools` and `tool_choice` as the local model's tool use: function tools (their parameters enforced by a grammar,
 * so a schema it cannot enforce is refused naming the tool); `auto` (the default) lets the model choose, `required`
 * and a named function make its answer one call. `none`, or no tools, is no tool use. A tool use cannot be combined
 * with a JSON `response_format` or with `logprobs` (the grammar and the token-by-token path are taken by the call).
 */
export function convertTools(request: ChatCompletionRequest): { ok: true; tools: LlamaToolUse | undefined } | { ok: false; error: ParameterProblem } {
  const choice = request.tool_choice ?? 'auto';
  const declared = request.tools ?? [];
  if (declared.length === 0 || choice === 'none') return { ok: true, tools: undefined };
  const tools: LlamaTool[] = [];
  for (const [index, tool] of declared.entries()) {
    if (tool.type !== 'function') return { ok: false, error: unsupportedParameter(`tools[${index}]`, 'local models call function tools only') };
    const parameters = toGrammarJsonSchema(tool.function.parameters ?? NO_PARAMETERS, `tools[${index}].function.parameters`);
    if (!parameters.ok) return parameters;
    tools.push({ name: tool.function.name, description: tool.function.description, parameters: parameters.schema });
  }
  if (request.response_format !== undefined && request.response_format.type !== 'text') {
    return { ok: false, error: unsupportedParameter('response_format', 'a local model cannot combine a JSON response format with tools') };
  }
  if (request.logprobs === true) return { ok: false, error: unsupportedParameter('logprobs', 'a local model returns no log probabilities with tools') };
  if (choice === 'auto') return { ok: true, tools: { mode: 'auto', tools } };
  if (choice === 'required') return { ok: true, tools: { mode: 'required', tools } };
  if (choice.type !== 'function') return { ok: false, error: unsupportedParameter('tool_choice', `local models do not support a '${choice.type}' tool choice`) };
  const named = tools.find((tool) => tool.name === choice.function.name);
  if (!named) return { ok: false, error: invalidParameter('tool_choice', `no function named '${choice.function.name}' is in 'tools'`) };
  return { ok: true, tools: { mode: 'required', tools: [named] } };
}
