import { StreamPartSchema, workerInferSubject, type StreamPart } from '@switchyard/contracts';
import { StreamAbortedError, decodeJson, encodeJson, type BusTransport } from '@switchyard/nats';
import type { ChatCompletionRequest } from '@switchyard/openai';

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

/** Sends an inference request to `workerId` and collects the parts; an aborted stream returns what arrived. */
export async function inferParts(
  bus: BusTransport,
  workerId: string,
  body: Partial<ChatCompletionRequest>,
  options: InferOptions,
): Promise<StreamPart[]> {
  const deadline = options.deadline ?? Date.now() + 30_000;
  const payload = {
    requestId: options.requestId ?? `test-${process.pid}-${++counter}`,
    kind: 'chat',
    body: { model: options.target, messages: [{ role: 'user', content: 'Once upon a time' }], ...body },
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

/** The text of the delta parts, joined. */
export function textOf(parts: readonly StreamPart[]): string {
  return parts.map((p) => (p.type === 'delta' ? p.text : '')).join('');
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
