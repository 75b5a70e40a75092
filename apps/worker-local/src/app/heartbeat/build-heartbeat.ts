import type { Capability, WorkerHeartbeat, WorkerResources } from '@switchyard/contracts';

/** One served model's size and load, as the heartbeat needs it. */
export interface ModelLoad {
  name: string;
  contextLength: number;
  concurrency: number;
  maxQueue: number;
  inFlight: number;
  queued: number;
}

/** Everything a heartbeat says, besides the models. */
export interface HeartbeatContext {
  workerId: string;
  subject: string;
  draining: boolean;
  intervalMs: number;
  sentAt: number;
  /** CPU, memory and (when inference runs on them) GPUs. */
  resources: WorkerResources;
}

/**
 * What every local model can do: chat, text completions, embeddings (llama.cpp embeds with any GGUF,
 * though dedicated embedding models embed far better), JSON output (grammars) and tool calls (the chat template's
 * function calling; a grammar when a call is required).
 */
export const LOCAL_CAPABILITIES: readonly Capability[] = ['chat', 'completions', 'embeddings', 'json', 'tools', 'continue'];

/** The worker's heartbeat: its models with their capabilities, and capacity and load summed over them. */
export function buildHeartbeat(context: HeartbeatContext, models: readonly ModelLoad[]): WorkerHeartbeat {
  const sum = (pick: (m: ModelLoad) => number): number => models.reduce((total, m) => total + pick(m), 0);
  return {
    workerId: context.workerId,
    kind: 'local',
    provider: 'local',
    subject: context.subject,
    models: models.map((m) => ({ name: m.name, contextLength: m.contextLength, capabilities: [...LOCAL_CAPABILITIES] })),
    capacity: sum((m) => m.concurrency),
    inFlight: sum((m) => m.inFlight),
    queued: sum((m) => m.queued),
    maxQueue: sum((m) => m.maxQueue),
    draining: context.draining,
    intervalMs: context.intervalMs,
    sentAt: context.sentAt,
    resources: context.resources,
  };
}
