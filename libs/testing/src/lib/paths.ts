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

/** This library's fixtures folder (test models, OpenAI's API description), in the repository. */
export function fixturesDir(): string {
  return join(workspaceRoot(), 'libs', 'testing', 'fixtures');
}

/** Where the test GGUF models are: `SWITCHYARD_TEST_MODELS_DIR`, else this library's `fixtures/models`. */
export function testModelsDir(): string {
  const fromEnv = process.env['SWITCHYARD_TEST_MODELS_DIR'];
  const dir = fromEnv ? resolve(fromEnv) : join(fixturesDir(), 'models');
  if (!existsSync(join(dir, 'stories260K.gguf'))) throw new Error(`no test models: stories260K.gguf is not in ${dir}`);
  return dir;
}

/** Full path of one test model file. */
export function testModelPath(file = 'stories260K.gguf'): string {
  return join(testModelsDir(), file);
}
