import type { ServerResponse } from 'node:http';
import type { StreamPart } from '@switchyard/contracts';
import { SSE_DONE, SSE_HEADERS } from '@switchyard/openai';

/** Turns stream parts into SSE text (empty when a part produces no event). */
export interface PartEncoder {
  encode(part: StreamPart): string;
}

function uncork(res: ServerResponse): void {
  res.uncork();
}

/**
 * Writes, waiting for the socket to drain when its buffer is full; false when the socket closed.
 * Events written before the current work settles go out in one socket write: the parts of one bus
 * message arrive together, and a write each cost a system call per event.
 */
async function write(res: ServerResponse, text: string): Promise<boolean> {
  if (text === '' || res.destroyed) return !res.destroyed;
  if (res.writableCorked === 0) {
    res.cork();
    process.nextTick(uncork, res);
  }
  if (res.write(text)) return true;
  await new Promise<void>((resolve) => {
    const done = (): void => {
      res.off('drain', done);
      res.off('close', done);
      resolve();
    };
    res.on('drain', done);
    res.on('close', done);
  });
  return !res.destroyed;
}

/**
 * Streams parts to the client as SSE, starting with `first` (already read to decide the status).
 * Ends with `data: [DONE]`, or after an error event without it, so a failure is never a clean end.
 */
export async function writeSse(
  res: ServerResponse,
  headers: Record<string, string>,
  first: StreamPart,
  rest: AsyncIterator<StreamPart>,
  encoder: PartEncoder,
): Promise<void> {
  res.writeHead(200, { ...SSE_HEADERS, ...headers });
  let part: StreamPart | undefined = first;
  let failed = false;
  try {
    while (part !== undefined) {
      if (!(await write(res, encoder.encode(part)))) return;
      if (part.type === 'error') {
        failed = true;
        break;
      }
      const next = await rest.next();
      part = next.done ? undefined : next.value;
    }
    if (!failed) await write(res, SSE_DONE);
    res.end();
  } finally {
    // Leaving early (client gone) must unwind the source so the bus cancels the work upstream.
    await rest.return?.(undefined);
  }
}
