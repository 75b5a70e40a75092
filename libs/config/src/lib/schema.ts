import { z } from 'zod';

const port = z.number().int().min(0).max(65535);
const host = z.string().min(1);

/** One local model: a GGUF file on disk, or a Hugging Face reference fetched on first start. */
export const LocalModelConfigSchema = z
  .object({
    /** Public name, served as `local:<name>`; defaults to the file name, lower-cased, without `.gguf`. */
    name: z.string().regex(/^[a-z0-9][a-z0-9._-]*$/, 'lower-case letters, digits, ".", "_" or "-"').optional(),
    /** Path to a GGUF file (relative to the working directory). */
    path: z.string().min(1).optional(),
    /** Hugging Face reference (`hf:<user>/<repo>/<file>.gguf`) or an http(s) URL, downloaded into `modelsDir`. */
    source: z.string().min(1).optional(),
    /** Context window per sequence, in tokens; defaults to the model's own, capped at 4096. */
    contextSize: z.number().int().min(64).optional(),
    /** Requests generated at once (llama.cpp sequences). */
    concurrency: z.number().int().min(1).max(64).default(1),
    /** Requests waiting for a free sequence before the worker answers busy. */
    maxQueue: z.number().int().min(0).default(8),
  })
  .strict()
  .refine((m) => (m.path === undefined) !== (m.source === undefined), {
    message: 'give exactly one of "path" or "source"',
  });

export const ConfigSchema = z
  .object({
    nats: z
      .object({
        /** NATS server URL(s), comma separated. */
        url: z.string().min(1).default('nats://127.0.0.1:4222'),
      })
      .strict()
      .prefault({}),
    gateway: z
      .object({
        host: host.default('0.0.0.0'),
        port: port.default(62549),
        /** Largest request body accepted, in bytes. */
        bodyLimitBytes: z.number().int().min(1024).default(8 * 1024 * 1024),
        /** Deadline of one request end to end, in ms. */
        requestTimeoutMs: z.number().int().min(100).default(300_000),
        /** How long a router may take to acknowledge a request, in ms. */
        routerAckTimeoutMs: z.number().int().min(10).default(2_000),
      })
      .strict()
      .prefault({}),
    router: z
      .object({
        host: host.default('0.0.0.0'),
        port: port.default(62550),
        /** A worker silent for this long is dropped from the registry, in ms. */
        workerTtlMs: z.number().int().min(100).default(3_000),
        /** How long a worker may take to acknowledge a request, in ms. */
        workerAckTimeoutMs: z.number().int().min(10).default(2_000),
      })
      .strict()
      .prefault({}),
    workerLocal: z
      .object({
        host: host.default('0.0.0.0'),
        port: port.default(62551),
        /** Worker id (subject-safe); defaults to `local-<hostname>-<pid>`. */
        id: z.string().regex(/^[A-Za-z0-9_-]{1,64}$/).optional(),
        /** `auto` uses CUDA/Vulkan/Metal when present; `false` forces CPU. */
        gpu: z.union([z.literal('auto'), z.literal(false)]).default('auto'),
        /** CPU threads per context; 0 means one per core. */
        threads: z.number().int().min(0).max(256).default(0),
        /** Folder scanned for `*.gguf` when `models` is empty, and where downloads go. */
        modelsDir: z.string().min(1).default('models'),
        /** Models to serve; empty means every GGUF file in `modelsDir`. */
        models: z.array(LocalModelConfigSchema).default([]),
        /** Heartbeat period, in ms. */
        heartbeatMs: z.number().int().min(50).default(500),
      })
      .strict()
      .prefault({}),
    workerCloud: z
      .object({ host: host.default('0.0.0.0'), port: port.default(62552) })
      .strict()
      .prefault({}),
    metrics: z
      .object({ host: host.default('0.0.0.0'), port: port.default(62553) })
      .strict()
      .prefault({}),
    log: z
      .object({ level: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info') })
      .strict()
      .prefault({}),
  })
  .strict();

export type SwitchyardConfig = z.infer<typeof ConfigSchema>;
export type LocalModelConfig = z.infer<typeof LocalModelConfigSchema>;
