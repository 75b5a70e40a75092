import type { Capability } from '@switchyard/contracts';
import type { SamplingExtension } from '@switchyard/openai';

/** One model as this worker serves it. */
export interface CloudModel {
  /** Public name (`gpt-4o-mini`), served as `<provider>:<name>`. */
  name: string;
  /** The provider's model id. */
  upstream: string;
  /** Context window in tokens. */
  contextLength: number;
  /** What it serves, as advertised in heartbeats: the configured list, or its kind's chat defaults. */
  capabilities: Capability[];
}

/** The provider this process serves, with its secret resolved from the environment. */
export interface ResolvedProvider {
  name: string;
  kind: 'openai' | 'anthropic' | 'openai-compatible';
  /** Base URL without a trailing slash. */
  baseUrl: string;
  /** The API key; empty when none is configured (e.g. a local Ollama). Never logged. */
  apiKey: string;
  /** Which environment variable the key came from (safe to log). */
  apiKeyEnv: string;
  models: CloudModel[];
  concurrency: number;
  timeoutMs: number;
  maxRetries: number;
  maxRetryWaitMs: number;
  /** The local engines' sampling parameters the upstream takes (openai-compatible only). */
  samplingParameters: SamplingExtension[];
}
