import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CLOUD_KIND_CAPABILITIES, DEFAULT_CLOUD_CAPABILITIES } from './cloud-capabilities';
import { loadConfig } from './load-config';
import { ConfigSchema } from './schema';

/** The models of one provider, parsed (or the problems found, one line each, paths from the provider). */
function parseModels(kind: string, models: unknown[]): { ok: true; models: unknown[] } | { ok: false; problems: string[] } {
  const baseUrl = kind === 'openai-compatible' ? { baseUrl: 'http://127.0.0.1:8000/v1' } : {};
  const result = ConfigSchema.safeParse({ workerCloud: { providers: [{ name: 'p', kind, ...baseUrl, models }] } });
  if (result.success) return { ok: true, models: result.data.workerCloud.providers[0].models };
  return { ok: false, problems: result.error.issues.map((issue) => `${issue.path.slice(3).join('.')}: ${issue.message}`) };
}

describe('workerCloud model capabilities', () => {
  it.each([
    ['an embedding model', 'openai', [{ name: 'text-embedding-3-small', capabilities: ['embeddings'] }]],
    ['an instruct model', 'openai', [{ name: 'gpt-3.5-turbo-instruct', capabilities: ['completions'] }]],
    ['a vLLM model that does everything', 'openai-compatible', [{ name: 'qwen', capabilities: ['chat', 'completions', 'embeddings', 'tools', 'json'] }]],
    ['a chat model without JSON mode', 'openai-compatible', [{ name: 'small', capabilities: ['chat', 'tools'] }]],
    ['Claude with chat and tools', 'anthropic', [{ name: 'claude', capabilities: ['chat', 'tools'] }]],
    ['names only (chat models by default)', 'anthropic', ['claude-3-5-haiku-latest']],
  ])('accepts %s', (_name, kind, models) => {
    expect(parseModels(kind, models)).toEqual({ ok: true, models });
  });

  it.each([
    ['completions of Anthropic', 'anthropic', ['completions'], 'models.0.capabilities: an anthropic model cannot serve "completions" (possible: chat, tools, continue)'],
    ['embeddings of Anthropic', 'anthropic', ['chat', 'embeddings'], 'models.0.capabilities: an anthropic model cannot serve "embeddings" (possible: chat, tools, continue)'],
    ['a JSON mode of Anthropic (its adapter refuses response_format)', 'anthropic', ['chat', 'json'], 'models.0.capabilities: an anthropic model cannot serve "json" (possible: chat, tools, continue)'],
    ['tools without chat', 'openai', ['completions', 'tools'], 'models.0.capabilities: "tools" is a chat feature: list "chat" too'],
    ['an empty list', 'openai', [], 'models.0.capabilities: Too small: expected array to have >=1 items'],
    ['an unknown capability', 'openai', ['embedding'], 'models.0.capabilities.0: expected one of chat, completions, embeddings, tools, json, continue'],
  ])('refuses %s', (_name, kind, capabilities, problem) => {
    expect(parseModels(kind, [{ name: 'm', capabilities }])).toEqual({ ok: false, problems: [problem] });
  });

  it('names the key and the file when the configuration is loaded', () => {
    const dir = mkdtempSync(join(tmpdir(), 'switchyard-config-'));
    try {
      writeFileSync(
        join(dir, 'switchyard.yaml'),
        'workerCloud:\n  providers:\n    - name: anthropic\n      kind: anthropic\n      models:\n        - claude\n        - { name: claude-embed, capabilities: [embeddings] }\n',
      );
      expect(() => loadConfig({ env: {}, cwd: dir })).toThrow(
        `"workerCloud.providers.0.models.1.capabilities" from ${join(dir, 'switchyard.yaml')}: an anthropic model cannot serve "embeddings" (possible: chat, tools, continue)`,
      );
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('gives chat models the defaults they had before capabilities could be listed, all possible for their kind', () => {
    expect(DEFAULT_CLOUD_CAPABILITIES).toEqual({ openai: ['chat', 'tools', 'json'], 'openai-compatible': ['chat', 'tools', 'json'], anthropic: ['chat', 'tools', 'continue'] });
    for (const [kind, defaults] of Object.entries(DEFAULT_CLOUD_CAPABILITIES)) {
      expect(CLOUD_KIND_CAPABILITIES[kind as keyof typeof CLOUD_KIND_CAPABILITIES]).toEqual(expect.arrayContaining([...defaults]));
    }
  });
});

describe('workerCloud provider samplingParameters', () => {
  const provider = (kind: string, samplingParameters: unknown): unknown => ({
    workerCloud: { providers: [{ name: 'p', kind, baseUrl: 'http://127.0.0.1:8000/v1', models: ['m'], samplingParameters }] },
  });

  it('takes the local engines’ sampling parameters an openai-compatible server declares, none by default', () => {
    const parsed = ConfigSchema.parse(provider('openai-compatible', ['top_k', 'repetition_penalty']));
    expect(parsed.workerCloud.providers[0].samplingParameters).toEqual(['top_k', 'repetition_penalty']);
    const plain = ConfigSchema.parse({ workerCloud: { providers: [{ name: 'p', kind: 'openai', models: ['m'] }] } });
    expect(plain.workerCloud.providers[0].samplingParameters).toEqual([]);
  });

  it.each([
    ['an unknown name', 'openai-compatible', ['typical_p'], 'samplingParameters.0'],
    ['any on OpenAI itself', 'openai', ['top_k'], 'samplingParameters'],
    ['any on Anthropic', 'anthropic', ['top_k'], 'samplingParameters'],
  ])('refuses %s', (_name, kind, list, path) => {
    const result = ConfigSchema.safeParse(provider(kind, list));
    expect(result.success).toBe(false);
    expect(result.error?.issues.map((issue) => issue.path.slice(3).join('.'))).toEqual([path]);
  });
});
