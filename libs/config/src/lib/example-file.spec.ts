import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parse } from 'yaml';
import { loadConfig } from './load-config';
import { ConfigSchema } from './schema';

const root = resolve(__dirname, '..', '..', '..', '..');
const example = join(root, 'switchyard.example.yaml');

describe('switchyard.example.yaml', () => {
  it('loads, and states exactly the defaults', () => {
    const fromFile = loadConfig({ env: { SWITCHYARD_CONFIG: example }, cwd: root });
    const defaults = ConfigSchema.parse({});
    expect(fromFile).toEqual(defaults);
  });

  /** The commented example list `key:` of one section, uncommented. */
  function commentedBlock(section: string, key: string): string {
    const text = readFileSync(example, 'utf8');
    const body = text.slice(text.indexOf(`\n${section}:\n`) + 1).split(/\n(?=\S)/)[0];
    const lines = body.split('\n');
    const start = lines.indexOf(`  # ${key}:`);
    expect(start).toBeGreaterThan(-1);
    const block: string[] = [];
    for (const line of lines.slice(start)) {
      if (!/^ {2}# (\w+:| {2,}\S)/.test(line)) break;
      block.push(line.replace(/^( {2})# /, '$1').replace(/\s+#.*$/, ''));
    }
    return `${section}:\n${block.join('\n')}\n`;
  }

  it('shows a local model list that is valid when uncommented', () => {
    const parsed = parse(commentedBlock('workerLocal', 'models')) as { workerLocal: { models: unknown[] } };
    expect(parsed.workerLocal.models).toHaveLength(2);
    expect(ConfigSchema.safeParse(parsed).error?.issues ?? []).toEqual([]);
  });

  it('shows a cloud provider list that is valid when uncommented', () => {
    const parsed = parse(commentedBlock('workerCloud', 'providers')) as { workerCloud: { providers: { models: unknown[] }[] } };
    expect(parsed.workerCloud.providers).toHaveLength(4);
    expect(ConfigSchema.safeParse(parsed).error?.issues ?? []).toEqual([]);
    expect(parsed.workerCloud.providers[0].models).toEqual(
      expect.arrayContaining([{ name: 'gpt-3.5-turbo-instruct', capabilities: ['completions'] }, { name: 'text-embedding-3-small', capabilities: ['embeddings'] }]),
    );
  });

  it('shows router aliases and prices that are valid when uncommented', () => {
    const aliases = parse(commentedBlock('router', 'aliases')) as { router: { aliases: Record<string, string[]> } };
    expect(Object.keys(aliases.router.aliases)).toEqual(['fast', 'smart']);
    expect(ConfigSchema.safeParse(aliases).error?.issues ?? []).toEqual([]);
    const prices = parse(commentedBlock('router', 'prices')) as { router: { prices: Record<string, unknown> } };
    expect(Object.keys(prices.router.prices)).toHaveLength(3);
    expect(ConfigSchema.safeParse(prices).error?.issues ?? []).toEqual([]);
  });
});
