export { LOGGER } from '@switchyard/observability';
/** DI tokens of worker-local. */

/** The `workerLocal` section of the configuration (`WorkerLocalConfig`). */
export const WORKER_CONFIG = Symbol('WORKER_CONFIG');
/** This worker's id (`string`), subject-safe. */
export const WORKER_ID = Symbol('WORKER_ID');
/** The `InferenceEngine` that loads models and generates. */
export const INFERENCE_ENGINE = Symbol('INFERENCE_ENGINE');
/** The `ModelDownloader` that fetches models named by `source`. */
export const MODEL_DOWNLOADER = Symbol('MODEL_DOWNLOADER');
