import type { InferenceKind } from './inference-request';
import type { Capability } from './worker-heartbeat';

/**
 * The capability a model needs to serve each kind of request, and how to name that kind to a client
 * ("The model 'x' does not support text completions."). The router picks candidates by it; a worker
 * refuses a request its model does not advertise it for.
 */
export const KIND_CAPABILITY: Readonly<Record<InferenceKind, { capability: Capability; label: string }>> = {
  chat: { capability: 'chat', label: 'chat completions' },
  completion: { capability: 'completions', label: 'text completions' },
  embeddings: { capability: 'embeddings', label: 'embeddings' },
};
