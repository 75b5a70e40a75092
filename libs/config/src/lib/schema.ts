import { z } from 'zod';
import { RoutingPolicySchema } from '@switchyard/contracts';
import { SAMPLING_EXTENSIONS, type SamplingExtension } from '@switchyard/openai';
import { CloudCapabilityListSchema, cloudCapabilityProblem } from './cloud-capabilities';

const port = z.number().int().min(0).max(65535);
const host = z.string().min(1);
/** A JetStream KV bucket name. */
const kvBucket = z.string().regex(/^[A-Za-z0-9_-]{1,64}$/, 'letters, digits, "_" or "-"');

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

/** One model a cloud provider serves. */
export const CloudModelConfigSchema = z.union([
  z.string().min(1),
  z
    .object({
      /** Public name, served as `<provider>:<name>`. */
      name: z.string().min(1),
      /** The provider's own model id, when it differs from `name`. */
      upstream: z.string().min(1).optional(),
      /** Context window in tokens. */
      contextLength: z.number().int().positive().optional(),
      /**
       * What it serves (`chat`, `completions`, `embeddings`, `tools`, `json`); a chat model when absent
       * (`chat, tools, json`; Anthropic `chat, tools`). E.g. `[embeddings]` for `text-embedding-3-small`.
       */
      capabilities: CloudCapabilityListSchema.optional(),
    })
    .strict(),
]);

/** Price of a backend in US dollars per million tokens, for the `cheapest` policy. */
export const PriceSchema = z
  .object({
    input: z.number().min(0),
    output: z.number().min(0),
  })
  .strict();

/**
 * An alias clients can use as `model`: an ordered list of backends (`local:x`, `openai:y`, or bare names). The
 * name may hold `/`, as Hugging Face ids do (`meta-llama/Llama-2-7b-chat-hf`), for clients written against vLLM.
 */
const aliasName = z
  .string()
  .regex(/^[A-Za-z0-9][A-Za-z0-9._/-]*$/, 'letters, digits, ".", "_", "-" or "/" (no ":")')
  .refine((name) => name.toLowerCase() !== 'auto', '"auto" is reserved');

/** One cloud provider: where it is, how to authenticate, what it serves. */
export const CloudProviderConfigSchema = z
  .object({
    /** Public prefix of its models (`openai` → `openai:gpt-4o-mini`); lower-case letters, digits, `-`. */
    name: z.string().regex(/^[a-z0-9][a-z0-9-]*$/, 'lower-case letters, digits and "-"'),
    /** Wire format: `openai`, `anthropic`, or `openai-compatible` (Groq, Together, vLLM, Ollama, …). */
    kind: z.enum(['openai', 'anthropic', 'openai-compatible']),
    /** API base URL; defaults to the provider's own for `openai` and `anthropic`, required for `openai-compatible`. */
    baseUrl: z.url().optional(),
    /** Name of the environment variable holding the API key (the key itself never goes in this file). */
    apiKeyEnv: z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/).optional(),
    /** Models it serves. */
    models: z.array(CloudModelConfigSchema).min(1),
    /** Requests in flight at once before the worker answers busy. */
    concurrency: z.number().int().min(1).default(64),
    /** Time allowed for the provider to start answering, in ms. */
    timeoutMs: z.number().int().min(100).default(60_000),
    /** Retries of a failed upstream call before any output (429, 5xx, timeouts, refused connections). */
    maxRetries: z.number().int().min(0).max(10).default(2),
    /** Longest wait before a retry, in ms; a longer `retry-after` is left to the router's fallback. */
    maxRetryWaitMs: z.number().int().min(0).default(2_000),
    /**
     * The local engines' sampling parameters (`top_k`, `min_p`, `repetition_penalty`) the upstream takes,
     * passed on unchanged (a vLLM or llama.cpp server); openai-compatible providers only. Others are refused by name.
     */
    samplingParameters: z.array(z.enum(SAMPLING_EXTENSIONS as [SamplingExtension, ...SamplingExtension[]])).default([]),
  })
  .strict()
  .refine((p) => p.kind !== 'openai-compatible' || p.baseUrl !== undefined, {
    message: 'an openai-compatible provider needs "baseUrl"',
    path: ['baseUrl'],
  })
  .refine((p) => p.kind === 'openai-compatible' || p.samplingParameters.length === 0, {
    message: 'only an openai-compatible provider takes "samplingParameters" (OpenAI takes none; Anthropic gets top_k by itself)',
    path: ['samplingParameters'],
  })
  .superRefine((p, ctx) => {
    p.models.forEach((model, i) => {
      const problem = typeof model === 'string' || !model.capabilities ? undefined : cloudCapabilityProblem(p.kind, model.capabilities);
      if (problem) ctx.addIssue({ code: 'custom', message: problem, path: ['models', i, 'capabilities'] });
    });
  });

/**
 * A credential from a file or the environment: environment values parse as JSON when they can, so a
 * numeric password arrives as a number and is taken as its digits.
 */
const credential = z
  .union([z.string(), z.number(), z.boolean()])
  .transform(String)
  .pipe(z.string().min(1));
const filePath = z.string().min(1);
/** A bearer token a service checks (usage API, `/metrics`). */
const bearerSecret = z.string().min(16, 'at least 16 characters (e.g. `openssl rand -hex 32`)');

/** Where and as whom a service reaches NATS; at most one way of authenticating (none: anonymous). */
const natsSection = z
  .object({
    /** NATS server URL(s), comma separated. */
    url: z.string().min(1).default('nats://127.0.0.1:4222'),
    user: credential.optional(),
    password: credential.optional(),
    token: credential.optional(),
    /** A `.creds` file (JWT and NKey seed, as `nsc` writes it). */
    credsFile: filePath.optional(),
    /** A file holding an NKey seed (`SU…`). */
    nkeySeedFile: filePath.optional(),
    /** Present (even `{}`): TLS with the server; files: its CA, and this client's certificate and key. */
    tls: z.object({ caFile: filePath.optional(), certFile: filePath.optional(), keyFile: filePath.optional() }).strict().optional(),
  })
  .strict()
  .superRefine((nats, ctx) => {
    if ((nats.user === undefined) !== (nats.password === undefined)) {
      ctx.addIssue({ code: 'custom', message: 'user and password go together', path: [nats.user === undefined ? 'user' : 'password'] });
    }
    const ways = [nats.user !== undefined && 'user/password', nats.token !== undefined && 'token', nats.credsFile !== undefined && 'credsFile', nats.nkeySeedFile !== undefined && 'nkeySeedFile'].filter(Boolean);
    if (ways.length > 1) ctx.addIssue({ code: 'custom', message: `one way of authenticating at most, not ${ways.join(' and ')}`, path: [] });
    if (nats.tls && (nats.tls.certFile === undefined) !== (nats.tls.keyFile === undefined)) {
      ctx.addIssue({ code: 'custom', message: 'certFile and keyFile go together', path: ['tls', nats.tls.certFile === undefined ? 'certFile' : 'keyFile'] });
    }
  })
  .prefault({});

export const ConfigSchema = z
  .object({
    nats: natsSection,
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
        /** Longest silence from a router that acknowledged a request (routers send keepalives every second), in ms. */
        routerIdleTimeoutMs: z.number().int().min(500).default(5_000),
        /** Routers tried for one request: a router that fails before the first token is replaced by another replica. */
        routerAttempts: z.number().int().min(1).max(5).default(2),
        /**
         * A streamed chat completion whose backend fails after its output began goes on on another backend able to
         * continue a message (the text so far as its prefill), up to `maxResumes` times; a client turns it off with
         * `x-switchyard-resume: off`.
         */
        resume: z
          .object({ enabled: z.boolean().default(true), maxResumes: z.number().int().min(1).max(5).default(2) })
          .strict()
          .prefault({}),
        /** With NODE_ENV=production, start even when the key store holds no API key (the API is then open to anyone). */
        allowOpen: z.boolean().default(false),
        /** JetStream KV bucket of the API-key records (hashes only), shared by every gateway replica. */
        keysBucket: kvBucket.default('switchyard_keys'),
        /** JetStream KV bucket of the per-key rate-limit counters, shared by every gateway replica. */
        rateLimitBucket: kvBucket.default('switchyard_ratelimits'),
        /** When the counters cannot be read or written: `open` lets requests through unlimited, `closed` answers 503. */
        rateLimitFailMode: z.enum(['open', 'closed']).default('open'),
        /** JetStream bucket (KV, and an object store of the same name for large ones) of stored Responses (`store: true`). */
        responsesBucket: kvBucket.default('switchyard_responses'),
        /** Days a stored Response is kept (from when it was stored), as the bucket's age limit when it is created. */
        responsesTtlDays: z.number().int().min(1).max(3_650).default(30),
        /** Replicas of the gateway's JetStream buckets when they are created (at most the JetStream cluster's size). */
        kvReplicas: z.number().int().min(1).max(5).default(1),
        /** Browser origins allowed to call the API (CORS); empty turns CORS off, `*` allows any origin. */
        corsOrigins: z.array(z.union([z.literal('*'), z.url()])).default([]),
        /**
         * Secret: bearer token of the console (`/console`) and its API (keys, usage, routes, live feed); it is also
         * accepted on `/v1` as a key without limits (the console's playground uses it). Set it from the environment
         * (`SWITCHYARD_GATEWAY__ADMIN_TOKEN`), not in the file; unset, `/console` says how to turn it on.
         */
        adminToken: bearerSecret.optional(),
        /** Folder of the console's built assets (`nx run console:build`); default: `console` beside the gateway's folder. */
        consoleDir: z.string().min(1).optional(),
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
        /** How `auto` and aliases choose; clients may override it per request with `x-switchyard-policy`. */
        policy: RoutingPolicySchema.default('edge-first'),
        /** Model aliases: name → ordered list of backends, tried in that order. */
        aliases: z.record(aliasName, z.array(z.string().min(1)).min(1)).default({}),
        /** Prices per backend (`openai:gpt-4o-mini`, or `openai:*` for a whole provider), USD per million tokens. Local backends cost 0 unless listed. */
        prices: z.record(z.string().regex(/^[a-z0-9][a-z0-9-]*:.+$/, '"<provider>:<model>" or "<provider>:*"'), PriceSchema).default({}),
        /** Completion length assumed when a request sets no max_tokens (for `fastest` and `cheapest`). */
        expectedOutputTokens: z.number().int().min(1).default(256),
        /** Most backends tried for one request before giving up. */
        maxAttempts: z.number().int().min(1).max(16).default(4),
        /**
         * A streamed request waits this long for a backend's first output when another candidate could answer: the
         * backend's measured time to first token times `factor`, within `floorMs`–`ceilingMs` (the ceiling when nothing
         * was measured yet). Then the next candidate answers. `enabled: false` waits for ever.
         */
        firstOutput: z
          .object({
            enabled: z.boolean().default(true),
            factor: z.number().min(1).default(4),
            floorMs: z.number().int().min(50).default(750),
            ceilingMs: z.number().int().min(100).default(4_000),
          })
          .strict()
          .prefault({}),
        /**
         * Hedged first outputs: a request whose backend has produced nothing after its expected time to first output
         * (the `percentile` of its recent times to first token, plus the expected generation time for an answer sent
         * whole, times `factor`, within `floorMs`–`ceilingMs`; the ceiling before any was measured) starts another
         * candidate beside it; the first with output answers, the other is cancelled. At most `maxShare` of the
         * requests this router routes are hedged, after a `burst`. A backend that loses `lossesToOpen` races in a row
         * without any output (no success of its worker in between) is taken for hung: its circuit opens, as after
         * `circuitBreaker.failureThreshold` failures, but only demotes it (tried after every other candidate; a pinned
         * request still reaches it).
         */
        hedge: z
          .object({
            enabled: z.boolean().default(true),
            percentile: z.number().min(50).max(100).default(90),
            factor: z.number().min(1).default(2),
            floorMs: z.number().int().min(10).default(250),
            ceilingMs: z.number().int().min(50).default(2_000),
            maxShare: z.number().min(0).max(1).default(0.1),
            burst: z.number().int().min(1).default(10),
            lossesToOpen: z.number().int().min(1).default(3),
          })
          .strict()
          .prefault({}),
        /**
         * Per worker: this many failures in a row open its circuit; one real request probes it after `firstOpenMs`, and
         * each failed probe doubles the wait, up to `openMs`.
         */
        circuitBreaker: z
          .object({
            failureThreshold: z.number().int().min(1).default(3),
            firstOpenMs: z.number().int().min(50).default(250),
            openMs: z.number().int().min(100).default(1_000),
          })
          .strict()
          .prefault({}),
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
        /**
         * The GGUF file served when neither `models` nor `modelsDir` gives one: the model shipped with worker-local
         * (`local:stories260k`) when unset, another file's path, or `false` for none (cloud backends only).
         */
        defaultModel: z.union([z.literal(false), z.string().min(1)]).optional(),
        /** Heartbeat period, in ms. */
        heartbeatMs: z.number().int().min(50).default(500),
        /** Once tokens keep coming, least ms between two messages of a stream (tokens in between travel together); 0: a message per token. */
        streamBatchMs: z.number().int().min(0).max(1_000).default(20),
      })
      .strict()
      .prefault({}),
    workerCloud: z
      .object({
        host: host.default('0.0.0.0'),
        port: port.default(62552),
        /** Worker id (subject-safe); defaults to `cloud-<provider>-<hostname>-<pid>`. */
        id: z.string().regex(/^[A-Za-z0-9_-]{1,64}$/).optional(),
        /** Providers this deployment knows; each worker-cloud process serves one. */
        providers: z.array(CloudProviderConfigSchema).default([]),
        /** Which provider this process serves (its `name`); optional when there is only one. */
        use: z.string().optional(),
        /** Heartbeat period, in ms. */
        heartbeatMs: z.number().int().min(50).default(500),
        /** How often the provider's reachability is probed, in ms. */
        probeIntervalMs: z.number().int().min(1_000).default(30_000),
        /** Once the provider stops answering, the first probe after this many ms; each failed one doubles it, up to `reprobeMaxMs`. */
        reprobeFirstMs: z.number().int().min(50).default(250),
        reprobeMaxMs: z.number().int().min(50).default(1_000),
        /** Once chunks keep coming, least ms between two messages of a stream (chunks in between travel together); 0: a message per turn. */
        streamBatchMs: z.number().int().min(0).max(1_000).default(2),
      })
      .strict()
      .prefault({}),
    metrics: z
      .object({
        host: host.default('0.0.0.0'),
        port: port.default(62553),
        /**
         * Secret: bearer token of the usage API (`GET /v1/usage`). Set it from the environment
         * (`SWITCHYARD_METRICS__ADMIN_TOKEN`), not in the file; unset, the usage API answers 403.
         */
        adminToken: bearerSecret.optional(),
        /** When set, every service's `/metrics` requires `Authorization: Bearer <token>` (Prometheus: `authorization.credentials`). */
        scrapeToken: bearerSecret.optional(),
        /** How long the events stream keeps events when this service creates it, in days. */
        eventsMaxAgeDays: z.number().int().min(1).max(3_650).default(30),
        /** Durable JetStream consumer shared by every metrics replica: each event reaches one of them. */
        consumer: z.string().regex(/^[A-Za-z0-9_-]{1,64}$/, 'letters, digits, "_" or "-"').default('switchyard-metrics'),
        /** JetStream KV bucket of the usage aggregates (one entry per UTC day, key id and model). */
        usageBucket: kvBucket.default('switchyard_usage'),
        /**
         * How long the service gathers events before it counts them as one batch, in ms: one store update per
         * aggregate and one round of acknowledgements per batch instead of per event. Usage and metrics show an
         * event this much later.
         */
        eventBatchMs: z.number().int().min(0).max(10_000).default(50),
        /** How long an aggregate is kept after its last update, in days (the bucket's TTL when created). */
        usageRetentionDays: z.number().int().min(1).max(3_650).default(400),
        /** Replicas of the usage bucket when created (at most the JetStream cluster's size). */
        kvReplicas: z.number().int().min(1).max(5).default(1),
        /** A worker silent for this long leaves the live gauges (`switchyard_backend_up` drops to 0), in ms. */
        workerTtlMs: z.number().int().min(100).default(3_000),
        /** Distinct values per label (models, backends, providers, keys) before new ones are exported as `other`. */
        maxLabelValues: z.number().int().min(1).max(10_000).default(100),
      })
      .strict()
      .prefault({}),
    shutdown: z
      .object({
        /**
         * After SIGTERM a service takes no new work and lets running requests (streams included) finish for up
         * to this long, then cuts what is left and exits, in ms. Keep Kubernetes' terminationGracePeriodSeconds above it.
         */
        graceMs: z.number().int().min(0).max(3_600_000).default(25_000),
      })
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
export type CloudProviderConfig = z.infer<typeof CloudProviderConfigSchema>;
export type PriceConfig = z.infer<typeof PriceSchema>;
export type CloudModelConfig = z.infer<typeof CloudModelConfigSchema>;
