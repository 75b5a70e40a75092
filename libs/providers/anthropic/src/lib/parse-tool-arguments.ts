import type { ErrorPart } from '@switchyard/contracts';
import { invalidParameter } from './request-errors';

/**
 * The JSON `arguments` text of an OpenAI tool call → the `input` object of an Anthropic `tool_use`
 * block. Empty text means no arguments (`{}`), as some clients send for parameterless tools; text
 * that is not a JSON object is refused (Anthropic's `input` must be an object).
 */
export function parseToolArguments(text: string, param: string): { ok: true; input: Record<string, unknown> } | { ok: false; error: ErrorPart } {
  if (text.trim() === '') return { ok: true, input: {} };
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return { ok: false, error: invalidParameter(param, 'the tool call arguments are not valid JSON') };
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return { ok: false, error: invalidParameter(param, 'the tool call arguments must be a JSON object') };
  }
  return { ok: true, input: value as Record<string, unknown> };
}
