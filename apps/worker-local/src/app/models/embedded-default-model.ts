import { join } from 'node:path';

/**
 * The GGUF file shipped with worker-local (`apps/worker-local/default-model`, which the build copies beside
 * `main.js`): what it serves, as `local:stories260k`, when no model is configured or found, so that a fresh
 * `npm start` answers `model: "auto"`.
 */
export const EMBEDDED_DEFAULT_MODEL = join(__dirname, 'default-model', 'stories260K.gguf');
