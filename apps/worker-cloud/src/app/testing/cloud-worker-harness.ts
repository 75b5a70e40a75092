import { ConfigSchema } from '@switchyard/config';
import { StreamPartSchema, workerInferSubject, type InferenceRequest, type StreamPart } from '@switchyard/contracts';
import { decodeJson, encodeJson, type BusTransport, type MessageHeaders } from '@switchyard/nats';
import { createLogger, type Logger } from '@switchyard/observability';
import { bootstrapService } from '@switchyard/runtime';
import { freePort } from '@switchyard/testing';
import { AppModule } from '../app.module';
import { resolveProvider } from '../provider/resolve-provider';

/** A worker-cloud app started by a test. */
export interface RunningCloudWorker {
  workerId: string;
  close(): Promise<void>;
}

let counter = 0;

/** Starts worker-cloud on the bus at `natsUrl`, serving `provider` (one `workerCloud.providers` entry), keys read from `env`. */
export async function startCloudWorker(
  natsUrl: string,
  provider: Record<string, unknown>,
  env: Record<string, string> = {},
  logger: Logger = createLogger('worker-cloud', process.env['TEST_LOG_LEVEL'] ?? 'silent'),
): Promise<RunningCloudWorker> {
  const workerId = `it-cloud-${String(provider['name'])}-${process.pid}-${++counter}`;
  const config = ConfigSchema.parse({ nats: { url: natsUrl }, workerCloud: { id: workerId, heartbeatMs: 100, providers: [provider] } });
  const module = AppModule.register(config, logger, resolveProvider(config.workerCloud, env));
  const app = await bootstrapService({ service: 'worker-cloud', module, host: '127.0.0.1', port: await freePort(), logger });
  return { workerId, close: () => app.close() };
}

/** An inference request without the fields every request has (`target` is the body's model unless given). */
export type Ask = InferenceRequest extends infer R ? (R extends InferenceRequest ? Omit<R, 'requestId' | 'deadline'> : never) : never;

/** Sends `ask` to the worker over NATS (with `headers`) and collects every part it streams back. */
export async function inferParts(bus: BusTransport, workerId: string, ask: Ask, headers?: MessageHeaders): Promise<StreamPart[]> {
  const deadline = Date.now() + 15_000;
  const request = { requestId: `it-${process.pid}-${++counter}`, deadline, target: ask.body.model, ...ask };
  const parts: StreamPart[] = [];
  const stream = bus.requestStream(workerInferSubject(workerId), encodeJson(request), { headers, ackTimeoutMs: 2_000, idleTimeoutMs: 5_000, deadline });
  for await (const bytes of stream) parts.push(decodeJson(bytes, StreamPartSchema));
  return parts;
}

/** The part types in order, runs of deltas and of embeddings collapsed (`delta*`, `embedding*`). */
export function shapeOf(parts: readonly StreamPart[]): string[] {
  const shape: string[] = [];
  for (const part of parts) {
    const name = part.type === 'delta' || part.type === 'embedding' ? `${part.type}*` : part.type;
    if (shape.at(-1) !== name || !name.endsWith('*')) shape.push(name);
  }
  return shape;
}

/** The text of each choice, by index. */
export function textsOf(parts: readonly StreamPart[]): Record<number, string> {
  const texts: Record<number, string> = {};
  for (const part of parts) if (part.type === 'delta') texts[part.index] = (texts[part.index] ?? '') + part.text;
  return texts;
}
