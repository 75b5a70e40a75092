import { z } from 'zod';
import { WORKER_ID_PATTERN } from './subjects';
import { UpstreamStatusSchema } from './upstream-status';
import { WorkerResourcesSchema } from './worker-resources';

/** What a model can be asked to do. */
/** `continue`: goes on from the text of a final assistant message (`continue_final_message`, used to resume streams). */
export const CapabilitySchema = z.enum(['chat', 'completions', 'embeddings', 'tools', 'json', 'continue']);

/** One model a worker serves. */
export const ServedModelSchema = z.object({
  /** Name without provider prefix (`stories260k`). */
  name: z.string().min(1),
  /** Context window in tokens. */
  contextLength: z.number().int().positive(),
  /** Operations it supports. */
  capabilities: z.array(CapabilitySchema),
});

/** A worker's periodic announcement of itself; silent workers expire from routers' registries. */
export const WorkerHeartbeatSchema = z.object({
  /** Stable id for this worker process; subject-safe. */
  workerId: z.string().regex(WORKER_ID_PATTERN),
  /** `local` (in-process llama.cpp) or `cloud` (a provider proxy). */
  kind: z.enum(['local', 'cloud']),
  /** Provider prefix of its models' public names (`local`, `openai`, `anthropic`, …). */
  provider: z.string().min(1),
  /** Subject to send inference requests to. */
  subject: z.string().min(1),
  /** Models served. */
  models: z.array(ServedModelSchema),
  /** Requests it runs at once. */
  capacity: z.number().int().min(0),
  /** Requests running now. */
  inFlight: z.number().int().min(0),
  /** Requests waiting for a slot. */
  queued: z.number().int().min(0),
  /** Waiting requests it accepts before answering busy. */
  maxQueue: z.number().int().min(0),
  /** True while shutting down: finishing work, taking none. */
  draining: z.boolean(),
  /** Milliseconds until the next heartbeat. */
  intervalMs: z.number().int().positive(),
  /** Epoch milliseconds when sent. */
  sentAt: z.number().int().positive(),
  /** Cloud workers: whether the provider is reachable, and its rate-limit headroom. */
  upstream: UpstreamStatusSchema.optional(),
  /** CPU, memory and GPU use of the worker's host. */
  resources: WorkerResourcesSchema.optional(),
});

/** Sent when a worker leaves. */
export const WorkerGoodbyeSchema = z.object({ workerId: z.string().regex(WORKER_ID_PATTERN) });

export type Capability = z.infer<typeof CapabilitySchema>;
export type ServedModel = z.infer<typeof ServedModelSchema>;
export type WorkerHeartbeat = z.infer<typeof WorkerHeartbeatSchema>;
export type WorkerGoodbye = z.infer<typeof WorkerGoodbyeSchema>;
