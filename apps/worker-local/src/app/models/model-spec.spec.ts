import { ConfigSchema } from '@switchyard/config';
import type { WorkerLocalConfig } from '../worker-config';
import { resolveModelSpecs, type ModelSpec } from './model-spec';

function config(workerLocal: Record<string, unknown>): WorkerLocalConfig {
  return ConfigSchema.parse({ workerLocal }).workerLocal;
}

const files = (names: string[]) => (dir: string) => (dir === '/srv/models' ? names : []);
const EMBEDDED = '/opt/switchyard/default-model/stories260K.gguf';

describe('resolveModelSpecs', () => {
  it.each<[string, Record<string, unknown>, string[], ModelSpec[]]>([
    [
      'every GGUF file of modelsDir, sorted, when no models are configured',
      { modelsDir: 'models' },
      ['stories260K.gguf', 'notes.txt', 'llama-2-tiny-random.gguf', 'big-00002-of-00002.gguf', 'big-00001-of-00002.gguf'],
      [
        { name: 'big', location: { kind: 'file', path: '/srv/models/big-00001-of-00002.gguf' }, contextSize: undefined, concurrency: 1, maxQueue: 8 },
        { name: 'llama-2-tiny-random', location: { kind: 'file', path: '/srv/models/llama-2-tiny-random.gguf' }, contextSize: undefined, concurrency: 1, maxQueue: 8 },
        { name: 'stories260k', location: { kind: 'file', path: '/srv/models/stories260K.gguf' }, contextSize: undefined, concurrency: 1, maxQueue: 8 },
      ],
    ],
    [
      'the embedded default when modelsDir is empty or missing',
      { modelsDir: 'elsewhere' },
      ['stories260K.gguf'],
      [{ name: 'stories260k', location: { kind: 'file', path: EMBEDDED }, contextSize: undefined, concurrency: 1, maxQueue: 8 }],
    ],
    [
      'another default model, relative to the working directory',
      { modelsDir: 'elsewhere', defaultModel: 'fallback/Tiny.gguf' },
      [],
      [{ name: 'tiny', location: { kind: 'file', path: '/srv/fallback/Tiny.gguf' }, contextSize: undefined, concurrency: 1, maxQueue: 8 }],
    ],
    ['nothing when modelsDir is empty and the default is off', { modelsDir: 'elsewhere', defaultModel: false }, [], []],
    [
      'a configured path, relative to the working directory, with its settings',
      { models: [{ path: 'models/stories260K.gguf', contextSize: 512, concurrency: 2, maxQueue: 3 }] },
      ['ignored.gguf'],
      [{ name: 'stories260k', location: { kind: 'file', path: '/srv/models/stories260K.gguf' }, contextSize: 512, concurrency: 2, maxQueue: 3 }],
    ],
    [
      'a configured name and an absolute path',
      { models: [{ name: 'tiny', path: '/data/x.gguf' }] },
      [],
      [{ name: 'tiny', location: { kind: 'file', path: '/data/x.gguf' }, contextSize: undefined, concurrency: 1, maxQueue: 8 }],
    ],
    [
      'a Hugging Face source downloaded into modelsDir',
      { models: [{ source: 'hf:karpathy/tinyllamas/stories260K.gguf' }] },
      [],
      [
        {
          name: 'stories260k',
          location: { kind: 'download', source: 'hf:karpathy/tinyllamas/stories260K.gguf', dir: '/srv/models', fileName: 'stories260K.gguf' },
          contextSize: undefined,
          concurrency: 1,
          maxQueue: 8,
        },
      ],
    ],
    [
      'a named source whose file only the hub knows',
      { models: [{ name: 'qwen', source: 'hf:user/repo:Q4_K_M' }] },
      [],
      [{ name: 'qwen', location: { kind: 'download', source: 'hf:user/repo:Q4_K_M', dir: '/srv/models', fileName: undefined }, contextSize: undefined, concurrency: 1, maxQueue: 8 }],
    ],
  ])('serves %s', (_name, workerLocal, dirFiles, expected) => {
    expect(resolveModelSpecs(config(workerLocal), '/srv', files(dirFiles), EMBEDDED)).toEqual({ specs: expected, problems: [] });
  });

  it.each<[string, Record<string, unknown>, string[], string[], RegExp]>([
    ['a source it cannot name', { models: [{ source: 'hf:user/repo:Q4' }] }, [], [], /cannot derive a name/],
    [
      'a duplicate name',
      { models: [{ path: 'a/stories260K.gguf' }, { path: 'b/stories260k.gguf' }] },
      [],
      ['stories260k'],
      /two models are named "stories260k"/,
    ],
    ['files that collide once lower-cased', {}, ['A.gguf', 'a.gguf'], ['a'], /two models are named "a"/],
  ])('leaves out %s and says why', (_name, workerLocal, dirFiles, names, problem) => {
    const plan = resolveModelSpecs(config({ modelsDir: 'models', ...workerLocal }), '/srv', files(dirFiles), EMBEDDED);
    expect(plan.specs.map((s) => s.name)).toEqual(names);
    expect(plan.problems).toEqual([expect.stringMatching(problem)]);
  });
});
