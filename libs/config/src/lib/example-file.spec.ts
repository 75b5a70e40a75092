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

  it('shows a model list that is valid when uncommented', () => {
    const text = readFileSync(example, 'utf8');
    const block = text
      .split('\n')
      .filter((line) => /^ {2}# (models:| {2}- | {4}\w)/.test(line))
      .map((line) => line.replace(/^( {2})# /, '$1'))
      .join('\n');
    const parsed = parse(`workerLocal:\n${block}\n`) as { workerLocal: { models: unknown[] } };
    expect(parsed.workerLocal.models).toHaveLength(2);
    const result = ConfigSchema.safeParse(parsed);
    expect(result.error?.issues ?? []).toEqual([]);
  });
});
