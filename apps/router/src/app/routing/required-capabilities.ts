import type { Capability } from '@switchyard/contracts';
import type { ChatCompletionRequest } from '@switchyard/openai';

/** A capability a request needs, and the parameter that needs it (for the error when none has it). */
export interface Requirement {
  capability: Capability;
  param: string;
}

/** What a chat request needs of its backend beyond chat itself: tool calling, a JSON mode, continuing a final message. */
export function requirementsOf(body: ChatCompletionRequest): Requirement[] {
  const needs: Requirement[] = [];
  if ((body.tools?.length ?? 0) > 0) needs.push({ capability: 'tools', param: 'tools' });
  else if ((body.functions?.length ?? 0) > 0) needs.push({ capability: 'tools', param: 'functions' });
  const format = body.response_format?.type;
  if (format === 'json_object' || format === 'json_schema') needs.push({ capability: 'json', param: 'response_format' });
  if (body.continue_final_message === true) needs.push({ capability: 'continue', param: 'continue_final_message' });
  return needs;
}

