import type { RoutingPolicy } from '@switchyard/contracts';
import { type ChatRun, POLICY_HEADER } from './chat-client';

/** The routing policies (the contract's `ROUTING_POLICIES`, repeated because it is imported for types only). */
export const POLICIES = ['edge-first', 'cloud-first', 'fastest', 'cheapest'] as const satisfies readonly RoutingPolicy[];

export interface PlaygroundForm {
  model: string;
  /** Empty for the gateway's default. */
  policy: RoutingPolicy | '';
  /** As typed; empty for the backend's default. */
  temperature: string;
  maxTokens: string;
  json: boolean;
  system: string;
  prompt: string;
}

export const AUTO_MODEL = 'auto';

/** The model choices: `auto` first, then the gateway's models sorted, each once. */
export function modelChoices(ids: readonly string[]): string[] {
  return [AUTO_MODEL, ...[...new Set(ids)].filter((id) => id !== AUTO_MODEL).sort()];
}

export type ChatRequest = { body: Record<string, unknown>; headers: Record<string, string> };

/** The chat request a form asks for, or a message saying what to fix. */
export function buildChatRequest(form: PlaygroundForm): { request: ChatRequest } | { problem: string } {
  if (form.prompt.trim() === '') return { problem: 'Write a prompt.' };
  if (form.model === '') return { problem: 'Pick a model.' };
  const messages = [...(form.system.trim() ? [{ role: 'system', content: form.system }] : []), { role: 'user', content: form.prompt }];
  const body: Record<string, unknown> = { model: form.model, messages, stream: true, stream_options: { include_usage: true } };
  if (form.temperature.trim() !== '') {
    const temperature = Number(form.temperature);
    if (!Number.isFinite(temperature) || temperature < 0 || temperature > 2) return { problem: 'Temperature must be a number from 0 to 2.' };
    body['temperature'] = temperature;
  }
  if (form.maxTokens.trim() !== '') {
    const maxTokens = Number(form.maxTokens);
    if (!Number.isInteger(maxTokens) || maxTokens < 1) return { problem: 'Max tokens must be a whole number of at least 1.' };
    body['max_tokens'] = maxTokens;
  }
  if (form.json) body['response_format'] = { type: 'json_object' };
  const headers: Record<string, string> = form.policy ? { [POLICY_HEADER]: form.policy } : {};
  return { request: { body, headers } };
}

/** One send in the playground: its answer so far and its clock. */
export interface PlaygroundRun {
  run: ChatRun | null;
  startedAt: number;
  /** Null while it streams. */
  endedAt: number | null;
  /** An HTTP or network failure, or the stream's error event. */
  error: string | null;
  /** Stopped by the user. */
  stopped: boolean;
}
