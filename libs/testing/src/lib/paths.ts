import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';

/** The workspace root (the folder holding nx.json), found from this file or the working directory. */
export function workspaceRoot(): string {
  for (const start of [process.cwd(), __dirname]) {
    let dir = resolve(start);
    for (;;) {
      if (existsSync(join(dir, 'nx.json'))) return dir;
      const parent = resolve(dir, '..');
      if (parent === dir) break;
      dir = parent;
    }
  }
  throw new Error('cannot find the workspace root (no nx.json above the working directory)');
}

/**
 * Where the test GGUF models are: `SWITCHYARD_TEST_MODELS_DIR`, else `models/` at the root when it
 * holds them (`.ci/run` links them there), else `../shared/models` beside the checkout.
 */
export function testModelsDir(): string {
  const fromEnv = process.env['SWITCHYARD_TEST_MODELS_DIR'];
  if (fromEnv) return resolve(fromEnv);
  const root = workspaceRoot();
  const candidates = [join(root, 'models'), resolve(root, '..', 'shared', 'models')];
  const found = candidates.find((dir) => existsSync(join(dir, 'stories260K.gguf')));
  if (!found) throw new Error(`no test models: looked for stories260K.gguf in ${candidates.join(' and ')}; set SWITCHYARD_TEST_MODELS_DIR`);
  return found;
}

/** Full path of one test model file. */
export function testModelPath(file = 'stories260K.gguf'): string {
  return join(testModelsDir(), file);
}
