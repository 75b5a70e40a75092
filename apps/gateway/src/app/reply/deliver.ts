import { errorPart, unfinishedAnswer, type ErrorPart, type ReplyPart } from '@switchyard/contracts';
import type { Logger } from '@switchyard/observability';
import { toHttpError } from '@switchyard/openai';
import { CLIENT_CLOSED_STATUS } from '../usage/usage-observer';
import type { UsageRecording } from '../usage/usage-recorder';
import type { ReplySink } from './reply-sink';

/** Longest an answer waits for its usage to be counted against the key's limits before it goes on. */
const RECONCILE_WAIT_MS = 500;

/** One admitted request, running: everything the pipeline needs, whatever the transport. */
export interface Delivery {
  /** The answer's parts, from `InferenceClient.run`. */
  parts: AsyncIterable<ReplyPart>;
  sink: ReplySink;
  /** Fires when the client leaves. */
  signal: AbortSignal;
  /** The request's usage event: it sees every part, is handed to the bus before the answer's end, and is published once. */
  recording: UsageRecording;
  /**
   * Counts the tokens really used against the key's limits, in place of the admission's estimate: at the
   * usage part, or with 0 when the request failed before any answer. Absent when the request is not limited.
   */
  reconcile?: (tokens: number) => Promise<void>;
  /** The request's logger. */
  logger: Logger;
  /** Said (as a comment, where the sink can) after the last piece of an answer that succeeded. */
  trailer?: () => string | undefined;
}

/** The HTTP status an error part stands for. */
function statusOf(part: ErrorPart): number {
  return toHttpError(part.code, part.message, part.param).status;
}

/**
 * The gateway's one answer pipeline, for HTTP and WebSocket alike: runs the parts of an admitted request
 * into its sink (start, rendered pieces, end or failure), reconciles the key's limits when the usage goes
 * by (before the answer ends, so once a client has its answer every replica counts it), hands the usage
 * event to the bus before the answer's last write, and publishes it with the status the client got.
 */
export async function deliver(delivery: Delivery): Promise<void> {
  const { sink, signal, recording } = delivery;
  // The HTTP status the client got: 200 once a stream has started or a whole answer went out, else its error's.
  let status: number | undefined;
  let body = false;
  let reconciled = false;
  let gone = false;
  let begun = false;
  try {
    for await (const part of delivery.parts) {
      recording.note(part);
      if (signal.aborted) return;
      if (part.type === 'start') {
        // A later start is a resumed stream going on elsewhere: the usage event notes it, the client has its start.
        if (begun) continue;
        begun = true;
        sink.start(part);
        if (sink.streamed) status = 200;
      } else if (part.type === 'rendered') {
        body = true;
        gone = !(await sink.write(part.json));
        if (gone) return;
      } else if (part.type === 'usage') {
        reconciled = true;
        await reconcileWithin(delivery, part.promptTokens + part.completionTokens);
      } else {
        status ??= statusOf(part);
        await sink.fail(part);
        return;
      }
    }
    if (signal.aborted) return;
    if (!sink.streamed && !body) {
      const incomplete = unfinishedAnswer();
      status = statusOf(incomplete);
      await sink.fail(incomplete);
      return;
    }
    status = 200;
    await recording.answered();
    const trailer = delivery.trailer?.();
    if (trailer !== undefined && sink.comment !== undefined && !(await sink.comment(trailer))) return;
    await sink.end();
  } catch (error) {
    delivery.logger.warn({ err: error }, 'the answer could not be delivered');
    const failure = errorPart('internal_error', 'The gateway failed to process the response.');
    status ??= statusOf(failure);
    await sink.fail(failure);
  } finally {
    if (!reconciled && status !== undefined && status >= 400) void delivery.reconcile?.(0);
    recording.finish(status ?? CLIENT_CLOSED_STATUS, gone || signal.aborted);
  }
}

/** Reconciles, waiting at most `RECONCILE_WAIT_MS` for the counters. */
async function reconcileWithin(delivery: Delivery, tokens: number): Promise<void> {
  if (!delivery.reconcile) return;
  let timer: NodeJS.Timeout | undefined;
  const waited = new Promise<void>((resolve) => (timer = setTimeout(resolve, RECONCILE_WAIT_MS)));
  await Promise.race([delivery.reconcile(tokens), waited]);
  clearTimeout(timer);
}
