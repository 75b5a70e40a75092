import { DEFAULT_CLOUD_CAPABILITIES, type SwitchyardConfig } from '@switchyard/config';
import type { ResolvedProvider } from './resolved-provider';

const DEFAULT_BASE_URLS: Record<string, string> = {
  openai: 'https://api.openai.com/v1',
  anthropic: 'https://api.anthropic.com/v1',
};

const DEFAULT_CONTEXT = 128_000;

/** `groq` → `GROQ_API_KEY`; `openai` → `OPENAI_API_KEY`. */
function defaultKeyEnv(name: string): string {
  return `${name.toUpperCase().replace(/-/g, '_')}_API_KEY`;
}

/**
 * The provider this process serves: the one named by `workerCloud.use`, or the only one configured.
 * Returns undefined when none is configured (the worker then idles); throws with a clear message when
 * the choice is ambiguous or names no provider.
 */
export function resolveProvider(config: SwitchyardConfig['workerCloud'], env: Readonly<Record<string, string | undefined>>): ResolvedProvider | undefined {
  const providers = config.providers;
  if (providers.length === 0) return undefined;
  let chosen = providers[0];
  if (config.use !== undefined) {
    const found = providers.find((p) => p.name === config.use);
    if (!found) {
      throw new Error(`workerCloud.use is "${config.use}", but the configured providers are: ${providers.map((p) => p.name).join(', ')}`);
    }
    chosen = found;
  } else if (providers.length > 1) {
    throw new Error(
      `several cloud providers are configured (${providers.map((p) => p.name).join(', ')}); ` +
        'start one worker-cloud per provider with SWITCHYARD_WORKER_CLOUD__USE=<name>',
    );
  }
  const apiKeyEnv = chosen.apiKeyEnv ?? defaultKeyEnv(chosen.name);
  const baseUrl = (chosen.baseUrl ?? DEFAULT_BASE_URLS[chosen.kind] ?? '').replace(/\/+$/, '');
  return {
    name: chosen.name,
    kind: chosen.kind,
    baseUrl,
    apiKey: env[apiKeyEnv] ?? '',
    apiKeyEnv,
    models: chosen.models.map((m) => {
      const defaults = [...DEFAULT_CLOUD_CAPABILITIES[chosen.kind]];
      return typeof m === 'string'
        ? { name: m, upstream: m, contextLength: DEFAULT_CONTEXT, capabilities: defaults }
        : { name: m.name, upstream: m.upstream ?? m.name, contextLength: m.contextLength ?? DEFAULT_CONTEXT, capabilities: m.capabilities ?? defaults };
    }),
    concurrency: chosen.concurrency,
    timeoutMs: chosen.timeoutMs,
    maxRetries: chosen.maxRetries,
    maxRetryWaitMs: chosen.maxRetryWaitMs,
    samplingParameters: chosen.samplingParameters,
  };
}
