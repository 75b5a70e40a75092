import { isAbsolute, join, resolve } from 'node:path';
import { LocalModelConfigSchema } from '@switchyard/config';
import type { WorkerLocalConfig } from '../worker-config';
import { fileNameFromSource, isModelEntryFile, modelNameFromFile } from './model-names';

/** Where a model's file comes from. */
export type ModelLocation =
  /** A file on disk. */
  | { kind: 'file'; path: string }
  /** A download into `dir`; `fileName` when the source names the file (then an existing file is reused). */
  | { kind: 'download'; source: string; dir: string; fileName: string | undefined };

/** One model to serve, with its settings resolved. */
export interface ModelSpec {
  name: string;
  location: ModelLocation;
  contextSize: number | undefined;
  concurrency: number;
  maxQueue: number;
}

/** The models to serve, and what was wrong with the ones left out. */
export interface ModelPlan {
  specs: ModelSpec[];
  problems: string[];
}

/** Lists the file names in a folder (empty when it does not exist). */
export type ListDir = (dir: string) => string[];

function configured(config: WorkerLocalConfig, cwd: string): ModelPlan {
  const specs: ModelSpec[] = [];
  const problems: string[] = [];
  const modelsDir = resolve(cwd, config.modelsDir);
  for (const [index, model] of config.models.entries()) {
    const settings = { contextSize: model.contextSize, concurrency: model.concurrency, maxQueue: model.maxQueue };
    if (model.path !== undefined) {
      const path = isAbsolute(model.path) ? model.path : resolve(cwd, model.path);
      specs.push({ name: model.name ?? modelNameFromFile(path), location: { kind: 'file', path }, ...settings });
      continue;
    }
    const source = model.source ?? '';
    const fileName = fileNameFromSource(source);
    const name = model.name ?? (fileName ? modelNameFromFile(fileName) : undefined);
    if (name === undefined) {
      problems.push(`workerLocal.models[${index}]: cannot derive a name from source "${source}"; set "name"`);
      continue;
    }
    specs.push({ name, location: { kind: 'download', source, dir: modelsDir, fileName }, ...settings });
  }
  return { specs, problems };
}

function scanned(config: WorkerLocalConfig, cwd: string, listDir: ListDir): ModelPlan {
  const dir = resolve(cwd, config.modelsDir);
  const defaults = LocalModelConfigSchema.parse({ path: dir });
  const specs = listDir(dir)
    .filter(isModelEntryFile)
    .sort((a, b) => modelNameFromFile(a).localeCompare(modelNameFromFile(b)) || a.localeCompare(b))
    .map((file) => ({
      name: modelNameFromFile(file),
      location: { kind: 'file' as const, path: join(dir, file) },
      contextSize: undefined,
      concurrency: defaults.concurrency,
      maxQueue: defaults.maxQueue,
    }));
  return { specs, problems: [] };
}

/** The default model, when nothing else is to be served: `defaultModel`, else the embedded one; none when `false`. */
function fallback(config: WorkerLocalConfig, cwd: string, embedded: string): ModelPlan {
  if (config.defaultModel === false) return { specs: [], problems: [] };
  const path = config.defaultModel === undefined ? embedded : resolve(cwd, config.defaultModel);
  const defaults = LocalModelConfigSchema.parse({ path });
  const spec = { name: modelNameFromFile(path), location: { kind: 'file' as const, path }, contextSize: undefined, concurrency: defaults.concurrency, maxQueue: defaults.maxQueue };
  return { specs: [spec], problems: [] };
}

/**
 * The models to serve: `workerLocal.models` when given, else every GGUF file in `modelsDir` sorted by name (with
 * the schema's default concurrency and queue), else the default model (`embedded`, the file shipped with
 * worker-local, unless `defaultModel` names another or is `false`). Names must be unique; later duplicates are left out.
 */
export function resolveModelSpecs(config: WorkerLocalConfig, cwd: string, listDir: ListDir, embedded: string): ModelPlan {
  let plan = config.models.length > 0 ? configured(config, cwd) : scanned(config, cwd, listDir);
  if (config.models.length === 0 && plan.specs.length === 0) plan = fallback(config, cwd, embedded);
  const seen = new Set<string>();
  const specs: ModelSpec[] = [];
  for (const spec of plan.specs) {
    if (seen.has(spec.name)) {
      plan.problems.push(`two models are named "${spec.name}"; serving only the first`);
      continue;
    }
    seen.add(spec.name);
    specs.push(spec);
  }
  return { specs, problems: plan.problems };
}
