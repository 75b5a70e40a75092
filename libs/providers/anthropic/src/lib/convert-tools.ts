import type { ErrorPart } from '@switchyard/contracts';
import type { ChatCompletionRequest } from '@switchyard/openai';
import type { AnthropicTool, AnthropicToolChoice } from './anthropic-messages-request';
import { invalidParameter, unsupportedParameter } from './request-errors';

/** Anthropic's tools and tool choice, with the tool settings dropped on the way. */
export type ToolsConversion =
  | { ok: true; tools: AnthropicTool[] | undefined; toolChoice: AnthropicToolChoice | undefined; dropped: string[] }
  | { ok: false; error: ErrorPart };

type ToolParams = Pick<ChatCompletionRequest, 'tools' | 'tool_choice' | 'parallel_tool_calls'>;
type OpenAIToolChoice = NonNullable<ChatCompletionRequest['tool_choice']>;

/** The input schema of a function without parameters. */
const NO_PARAMETERS = { type: 'object', properties: {} };

/** OpenAI's tool_choice → Anthropic's, or undefined when it has none (checked by the caller). */
function mapToolChoice(choice: OpenAIToolChoice): AnthropicToolChoice | undefined {
  if (choice === 'auto') return { type: 'auto' };
  if (choice === 'required') return { type: 'any' };
  if (choice === 'none') return { type: 'none' };
  if (choice.type === 'function') return { type: 'tool', name: choice.function.name };
  return undefined;
}

/**
 * OpenAI `tools`, `tool_choice` and `parallel_tool_calls` → Anthropic `tools` and `tool_choice`.
 * Functions become client tools (`parameters` → `input_schema`); `required` becomes `any`, a named
 * function `tool`; `parallel_tool_calls: false` becomes `disable_parallel_tool_use` (Anthropic's
 * default, like OpenAI's, allows several calls). Without tools a choice that demands a call is
 * refused, and `none`/`auto` mean nothing. Custom tools and `allowed_tools` have no equivalent.
 * Reference: https://docs.anthropic.com/en/docs/agents-and-tools/tool-use/implement-tool-use
 */
export function convertTools(request: ToolParams): ToolsConversion {
  const dropped: string[] = [];
  const tools: AnthropicTool[] = [];
  for (const [index, tool] of (request.tools ?? []).entries()) {
    if (tool.type !== 'function') {
      return { ok: false, error: unsupportedParameter(`tools[${index}]`, 'Anthropic supports function tools only') };
    }
    const { name, description, parameters, strict } = tool.function;
    tools.push({ name, ...(description === undefined ? {} : { description }), input_schema: parameters ?? NO_PARAMETERS });
    if (strict) dropped.push(`tools[${index}].function.strict`);
  }

  const choice = request.tool_choice;
  const mapped = choice === undefined ? undefined : mapToolChoice(choice);
  if (choice !== undefined && mapped === undefined) {
    return { ok: false, error: unsupportedParameter('tool_choice', "Anthropic supports 'none', 'auto', 'required' and a named function") };
  }
  if (tools.length === 0) {
    if (mapped?.type === 'any' || mapped?.type === 'tool') {
      return { ok: false, error: invalidParameter('tool_choice', 'a tool call is required but no tools are given') };
    }
    return { ok: true, tools: undefined, toolChoice: undefined, dropped };
  }

  let toolChoice = mapped;
  if (request.parallel_tool_calls === false && toolChoice?.type !== 'none') {
    toolChoice = { ...(toolChoice ?? { type: 'auto' }), disable_parallel_tool_use: true };
  }
  return { ok: true, tools, toolChoice, dropped };
}
