import { ConfigSchema } from '@switchyard/config';
import { StreamPartSchema, type InferenceRequest, type StreamPart } from '@switchyard/contracts';
import { encodeJson } from '@switchyard/nats';
import { createLogger } from '@switchyard/observability';
import type { ChatCompletionRequest, CompletionRequest, EmbeddingRequest } from '@switchyard/openai';
import { decodeInferenceRequest, Drain } from '@switchyard/runtime';
import { ModelRegistry } from '../models/model-registry.service';
import type { ModelDownloader } from '../models/model-downloader';
import { WorkerStats } from '../status/worker-stats.service';
import { InferenceService } from '../inference/inference.service';
import { FakeEngine, type FakeScript } from './fake-engine';

const logger = createLogger('worker-local-test', 'silent');
const noDownloads: ModelDownloader = { download: () => Promise.reject(new Error('no downloads in unit tests')) };

/** An InferenceService over the fake engine, with what the tests look into. */
export interface Harness {
  service: InferenceService;
  engine: FakeEngine;
  registry: ModelRegistry;
  stats: WorkerStats;
  drain: Drain;
}

/** Two fake models, `fake` (instant) and `slow` (50 tokens, 10 ms apart), each with `queue`'s slots and queue. */
export async function harness(scripts: Record<string, Partial<FakeScript>> = {}, queue = { concurrency: 1, maxQueue: 1 }): Promise<Harness> {
  const config = ConfigSchema.parse({
    workerLocal: {
      models: [
        { name: 'fake', path: 'fake.gguf', ...queue },
        { name: 'slow', path: 'slow.gguf', ...queue },
      ],
    },
  }).workerLocal;
  const engine = new FakeEngine({ slow: { tokens: Array.from({ length: 50 }, (_, i) => ` t${i}`), tokenDelayMs: 10 }, ...scripts });
  // No grace: a shutdown cuts at once whatever runs.
  const drain = new Drain(0);
  const registry = new ModelRegistry(config, engine, noDownloads, logger, drain);
  await registry.onModuleInit();
  const stats = new WorkerStats();
  return { service: new InferenceService(registry, stats, drain, logger, 'w-test'), engine, registry, stats, drain };
}

let nextId = 0;
/** A request of `kind` with a body of that kind, as the router sends it. */
export function requestOf(kind: 'chat' | 'completion' | 'embeddings', body: object, extra: { target?: string; deadline?: number } = {}): { id: string; data: Uint8Array } {
  const id = `req-${++nextId}`;
  const model = 'model' in body && typeof body.model === 'string' ? body.model : 'local:fake';
  const payload = { requestId: id, kind, body: { model, ...body }, deadline: extra.deadline ?? Date.now() + 60_000, target: extra.target ?? model };
  return { id, data: encodeJson(payload) };
}

/** A chat request, as the router sends it. */
export function request(body: Partial<ChatCompletionRequest> = {}, extra: { target?: string; deadline?: number } = {}): { id: string; data: Uint8Array } {
  return requestOf('chat', { messages: [{ role: 'user', content: 'Once upon a time' }], ...body }, extra);
}

/** A text completion request, as the router sends it. */
export function completion(body: Partial<CompletionRequest> = {}, extra: { target?: string; deadline?: number } = {}): { id: string; data: Uint8Array } {
  return requestOf('completion', { prompt: 'Once upon a time', ...body }, extra);
}

/** An embeddings request, as the router sends it. */
export function embeddings(body: Partial<EmbeddingRequest> = {}, extra: { target?: string; deadline?: number } = {}): { id: string; data: Uint8Array } {
  return requestOf('embeddings', { input: 'Once upon a time', ...body }, extra);
}

/** A request as `inferenceReply` hands it to the service: its envelope decoded. */
export function decoded(data: Uint8Array): InferenceRequest {
  const result = decodeInferenceRequest(data);
  if (!result.ok) throw new Error(result.error.message);
  return result.request;
}

/** Runs one request to the end, checking that every part satisfies the contract. */
export async function collect(service: InferenceService, data: Uint8Array, signal = new AbortController().signal): Promise<StreamPart[]> {
  const parts: StreamPart[] = [];
  for await (const part of service.handle(decoded(data), signal)) parts.push(StreamPartSchema.parse(part));
  return parts;
}

/** The parts' types, in order. */
export const types = (parts: StreamPart[]): string[] => parts.map((p) => p.type);
