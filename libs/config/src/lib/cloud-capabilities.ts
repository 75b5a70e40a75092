import { CapabilitySchema, type Capability } from '@switchyard/contracts';
import { z } from 'zod';

/** A cloud provider's wire format. */
export type CloudProviderKind = 'openai' | 'anthropic' | 'openai-compatible';

/**
 * What each wire format can serve at all. Anthropic's API has chat and tools only: no legacy text
 * completions, no embeddings, and no JSON mode (its adapter refuses `response_format`).
 */
export const CLOUD_KIND_CAPABILITIES: Readonly<Record<CloudProviderKind, readonly Capability[]>> = {
  openai: ['chat', 'completions', 'embeddings', 'tools', 'json'],
  // `continue`: vLLM's `continue_final_message`, which a compatible server may take (list it for such a model).
  'openai-compatible': ['chat', 'completions', 'embeddings', 'tools', 'json', 'continue'],
  // `continue`: Anthropic's prefill (a final assistant message is continued).
  anthropic: ['chat', 'tools', 'continue'],
};

/** What a cloud model advertises when its entry lists no `capabilities`: a chat model. */
export const DEFAULT_CLOUD_CAPABILITIES: Readonly<Record<CloudProviderKind, readonly Capability[]>> = {
  openai: ['chat', 'tools', 'json'],
  'openai-compatible': ['chat', 'tools', 'json'],
  anthropic: ['chat', 'tools', 'continue'],
};

/** Capabilities that only make sense on top of chat. */
const CHAT_FEATURES: readonly Capability[] = ['tools', 'json', 'continue'];

/** Why a model of `kind` cannot have `capabilities`, or undefined when it can (unknown names are reported apart). */
export function cloudCapabilityProblem(kind: CloudProviderKind, capabilities: readonly string[]): string | undefined {
  const allowed = CLOUD_KIND_CAPABILITIES[kind];
  const known = capabilities.filter(isCapability);
  const impossible = known.find((c) => !allowed.includes(c));
  if (impossible) return `an ${kind} model cannot serve "${impossible}" (possible: ${allowed.join(', ')})`;
  const feature = known.find((c) => CHAT_FEATURES.includes(c));
  if (feature && !known.includes('chat')) return `"${feature}" is a chat feature: list "chat" too`;
  return undefined;
}

/** True for the names of `CapabilitySchema`. */
export function isCapability(name: string): name is Capability {
  return (CapabilitySchema.options as readonly string[]).includes(name);
}

/**
 * A model's `capabilities`. An unknown name is reported as a plain refinement rather than an enum
 * mismatch, which would end the model entry's union as a bare "Invalid input" without saying why.
 */
export const CloudCapabilityListSchema = z
  .array(z.string().refine(isCapability, { message: `expected one of ${CapabilitySchema.options.join(', ')}` }))
  .min(1)
  .transform((names) => names.filter(isCapability));
