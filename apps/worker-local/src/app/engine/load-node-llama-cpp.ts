import { constants, runInThisContext } from 'node:vm';

/** The node-llama-cpp module's exports. */
export type NodeLlamaCpp = typeof import('node-llama-cpp');

type Importer = (specifier: string) => Promise<unknown>;

/**
 * A real `import()` that neither TypeScript (which rewrites `import()` to `require()` when emitting
 * CommonJS) nor webpack (which would try to bundle it) can see: node-llama-cpp is ESM-only with
 * top-level await, so `require()` fails with ERR_REQUIRE_ASYNC_MODULE.
 */
const nativeImport = new Function('specifier', 'return import(specifier)') as Importer;

/**
 * Jest runs each test file in a `vm` context that has no dynamic-import hook (without
 * --experimental-vm-modules), so `nativeImport` fails there. This compiles the same `import()` in
 * Node's main context with its default ESM loader instead; outside such sandboxes it is not used.
 */
function mainContextImport(): Importer {
  return runInThisContext('(specifier) => import(specifier)', {
    filename: __filename,
    importModuleDynamically: constants.USE_MAIN_CONTEXT_DEFAULT_LOADER,
  }) as Importer;
}

function isMissingImportHook(error: unknown): boolean {
  const { code, message } = error as { code?: unknown; message?: unknown };
  return (
    (typeof code === 'string' && code.startsWith('ERR_VM_DYNAMIC_IMPORT')) ||
    (typeof message === 'string' && message.includes('dynamic import callback'))
  );
}

let loaded: Promise<NodeLlamaCpp> | undefined;

/** Loads node-llama-cpp once per process. */
export function loadNodeLlamaCpp(): Promise<NodeLlamaCpp> {
  loaded ??= nativeImport('node-llama-cpp').catch((error: unknown) => {
    if (!isMissingImportHook(error)) throw error;
    return mainContextImport()('node-llama-cpp');
  }) as Promise<NodeLlamaCpp>;
  return loaded;
}
