import { ConfigSchema } from '@switchyard/config';
import { resolveProvider } from './resolve-provider';

function cloudConfig(workerCloud: unknown) {
  return ConfigSchema.parse({ workerCloud }).workerCloud;
}

describe('resolveProvider', () => {
  it('idles (undefined) when no provider is configured', () => {
    expect(resolveProvider(cloudConfig({}), {})).toBeUndefined();
  });

  it('serves the only provider, with the default base URL, key variable and models', () => {
    const provider = resolveProvider(cloudConfig({ providers: [{ name: 'openai', kind: 'openai', models: ['gpt-4o-mini'] }] }), { OPENAI_API_KEY: 'sk-test' });
    expect(provider).toMatchObject({
      name: 'openai',
      baseUrl: 'https://api.openai.com/v1',
      apiKey: 'sk-test',
      apiKeyEnv: 'OPENAI_API_KEY',
      models: [{ name: 'gpt-4o-mini', upstream: 'gpt-4o-mini', contextLength: 128_000, capabilities: ['chat', 'tools', 'json'] }],
    });
  });

  it('uses the configured key variable, base URL (trailing slash dropped) and upstream model ids', () => {
    const provider = resolveProvider(
      cloudConfig({
        providers: [
          { name: 'groq', kind: 'openai-compatible', baseUrl: 'https://api.groq.com/openai/v1/', apiKeyEnv: 'MY_GROQ', models: [{ name: 'llama', upstream: 'llama-3.1-8b-instant', contextLength: 8192 }] },
        ],
      }),
      { MY_GROQ: 'gsk' },
    );
    expect(provider).toMatchObject({ baseUrl: 'https://api.groq.com/openai/v1', apiKey: 'gsk', models: [{ name: 'llama', upstream: 'llama-3.1-8b-instant', contextLength: 8192 }] });
  });

  it('gives models without capabilities those of a chat model of their kind, and others what they list', () => {
    const capabilitiesOf = (kind: string, models: unknown[]) =>
      resolveProvider(cloudConfig({ providers: [{ name: 'p', kind, baseUrl: 'http://127.0.0.1:1/v1', models }] }), {})?.models.map((m) => [m.name, m.capabilities]);
    expect(capabilitiesOf('openai', ['gpt-4o', { name: 'gpt-3.5-turbo-instruct', capabilities: ['completions'] }, { name: 'text-embedding-3-small', capabilities: ['embeddings'] }])).toEqual([
      ['gpt-4o', ['chat', 'tools', 'json']],
      ['gpt-3.5-turbo-instruct', ['completions']],
      ['text-embedding-3-small', ['embeddings']],
    ]);
    expect(capabilitiesOf('openai-compatible', [{ name: 'qwen', contextLength: 8192 }])).toEqual([['qwen', ['chat', 'tools', 'json']]]);
    expect(capabilitiesOf('anthropic', ['claude'])).toEqual([['claude', ['chat', 'tools', 'continue']]]);
  });

  it('picks the provider named by use', () => {
    const config = cloudConfig({
      use: 'anthropic',
      providers: [
        { name: 'openai', kind: 'openai', models: ['a'] },
        { name: 'anthropic', kind: 'anthropic', models: ['claude'] },
      ],
    });
    expect(resolveProvider(config, {})).toMatchObject({ name: 'anthropic', baseUrl: 'https://api.anthropic.com/v1', apiKey: '', apiKeyEnv: 'ANTHROPIC_API_KEY' });
  });

  it('refuses to guess between several providers', () => {
    const config = cloudConfig({ providers: [{ name: 'a', kind: 'openai', models: ['x'] }, { name: 'b', kind: 'openai', models: ['y'] }] });
    expect(() => resolveProvider(config, {})).toThrow(/SWITCHYARD_WORKER_CLOUD__USE/);
  });

  it('names the providers when use names none of them', () => {
    const config = cloudConfig({ use: 'c', providers: [{ name: 'a', kind: 'openai', models: ['x'] }] });
    expect(() => resolveProvider(config, {})).toThrow('configured providers are: a');
  });

  it('requires a base URL for an openai-compatible provider (at config validation)', () => {
    const result = ConfigSchema.safeParse({ workerCloud: { providers: [{ name: 'x', kind: 'openai-compatible', models: ['m'] }] } });
    expect(result.success).toBe(false);
  });
});
