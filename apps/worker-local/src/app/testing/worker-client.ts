import { StreamPartSchema, workerInferSubject, type StreamPart } from '@switchyard/contracts';
import { StreamAbortedError, decodeJson, encodeJson, type BusTransport } from '@switchyard/nats';
import type { InferenceKind } from '@switchyard/contracts';
import type { ChatCompletionRequest, CompletionRequest, EmbeddingRequest } from '@switchyard/openai';

/** Options of one request sent to a worker in tests. */
export interface InferOptions {
  /** `local:<name>`; also the body's model. */
  target: string;
  requestId?: string;
  deadline?: number;
  signal?: AbortSignal;
  /** Called with each part as it arrives (and everything received so far). */
  onPart?: (part: StreamPart, received: readonly StreamPart[]) => void;
}

let counter = 0;

/** The body of a request of each kind, as tests write it. */
interface Bodies {
  chat: Partial<ChatCompletionRequest>;
  completion: Partial<CompletionRequest>;
  embeddings: Partial<EmbeddingRequest>;
}

/** What a body defaults to, per kind. */
const DEFAULT_BODIES: Record<InferenceKind, object> = {
  chat: { messages: [{ role: 'user', content: 'Once upon a time' }] },
  completion: { prompt: 'Once upon a time' },
  embeddings: { input: 'Once upon a time' },
};

/** Sends a chat request to `workerId` and collects the parts; an aborted stream returns what arrived. */
export function inferParts(bus: BusTransport, workerId: string, body: Partial<ChatCompletionRequest>, options: InferOptions): Promise<StreamPart[]> {
  return requestParts(bus, workerId, 'chat', body, options);
}

/** Sends a request of any kind to `workerId` and collects the parts; an aborted stream returns what arrived. */
export async function requestParts<K extends InferenceKind>(bus: BusTransport, workerId: string, kind: K, body: Bodies[K], options: InferOptions): Promise<StreamPart[]> {
  const deadline = options.deadline ?? Date.now() + 30_000;
  const payload = {
    requestId: options.requestId ?? `test-${process.pid}-${++counter}`,
    kind,
    body: { model: options.target, ...DEFAULT_BODIES[kind], ...body },
    deadline,
    target: options.target,
  };
  const parts: StreamPart[] = [];
  const stream = bus.requestStream(workerInferSubject(workerId), encodeJson(payload), {
    ackTimeoutMs: 2_000,
    idleTimeoutMs: 5_000,
    deadline,
    signal: options.signal,
  });
  try {
    for await (const bytes of stream) {
      const part = decodeJson(bytes, StreamPartSchema);
      parts.push(part);
      options.onPart?.(part, parts);
    }
  } catch (error) {
    if (!(error instanceof StreamAbortedError)) throw error;
  }
  return parts;
}

/** The text of the delta parts (of one choice, when `index` is given), joined. */
export function textOf(parts: readonly StreamPart[], index?: number): string {
  return parts.map((p) => (p.type === 'delta' && (index === undefined || p.index === index) ? p.text : '')).join('');
}

/** The part types, in order, with runs of deltas collapsed to one `delta*`. */
export function shapeOf(parts: readonly StreamPart[]): string[] {
  const shape: string[] = [];
  for (const part of parts) {
    const name = part.type === 'delta' ? 'delta*' : part.type;
    if (shape.at(-1) !== name || name !== 'delta*') shape.push(name);
  }
  return shape;
}
