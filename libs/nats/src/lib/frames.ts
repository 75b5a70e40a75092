import { headers as natsHeaders, type MsgHdrs } from 'nats';

/** Control frames of the streaming protocol, carried in a header; plain data messages carry none. */
export const FRAME_HEADER = 'sy-frame';
/**
 * Where to publish a cancellation of this stream. It comes on the first message a responder sends:
 * an `ack` alone, or the first data (which then acknowledges the request too).
 */
export const CANCEL_HEADER = 'sy-cancel';
/** On a request: the requester's ack timeout in ms, so the responder knows how long it may wait to acknowledge. */
export const ACK_WITHIN_HEADER = 'sy-ack-within';
/**
 * On a request: where the responder sends its data, instead of the reply subject (the requester's own
 * requester, waiting on its inbox). The reply subject then gets control messages only: the ack, copies of
 * the chunks the serve options call reports, a failure before any data, keepalives and the end.
 */
export const DATA_TO_HEADER = 'sy-data-to';
/** On a request with `sy-data-to`: keep all data until the end (an answer that is not streamed). */
export const HOLD_HEADER = 'sy-hold';
/** On a control message: data has gone to `sy-data-to`; the requester has handed the stream over. */
export const DATA_SENT_HEADER = 'sy-data-sent';
/**
 * On a request with `sy-data-to`: a gated stream (a hedge). Its data waits at the responder until the requester
 * releases it; the requester hears at once (a copy of each report) that there is some.
 */
export const GATE_HEADER = 'sy-gate';
/**
 * On a message to a responder's cancel subject: not a cancel but `release` (a gated stream's data may leave) or
 * `withdraw` (stop, unless data has already left: then go on, the requester hears it from the data's report copies).
 */
export const CONTROL_HEADER = 'sy-control';
export const CONTROLS = { release: 'release', withdraw: 'withdraw' } as const;
export type Control = (typeof CONTROLS)[keyof typeof CONTROLS];

export const FRAMES = {
  /** The responder has the request and is working (sent alone only when no data is ready soon). */
  ack: 'ack',
  /** One data chunk that carries a header (the first, with the cancel subject). */
  data: 'data',
  /** Several data chunks in one message; see `encodeBatch`. */
  batch: 'batch',
  /** Still working; nothing to send yet. */
  keepalive: 'keepalive',
  /** The stream ended normally. */
  end: 'end',
  /** The last chunks (as a batch) and the end, in one message. */
  last: 'last',
  /** Control only: the work was cancelled (the requester's requester went away). */
  cancelled: 'cancelled',
  /** The handler failed; the payload is its message. */
  error: 'error',
} as const;

export type Frame = (typeof FRAMES)[keyof typeof FRAMES];

/** Headers of a message to a responder's cancel subject that asks for `control` instead of cancelling. */
export function controlHeaders(control: Control): MsgHdrs {
  const h = natsHeaders();
  h.set(CONTROL_HEADER, control);
  return h;
}

/** Headers that carry `frame`. */
export function frameHeaders(frame: Frame): MsgHdrs {
  const h = natsHeaders();
  h.set(FRAME_HEADER, frame);
  return h;
}

/** Several chunks as one payload: each as a 4-byte big-endian length, then its bytes. */
export function encodeBatch(chunks: readonly Uint8Array[]): Uint8Array {
  let size = 0;
  for (const chunk of chunks) size += 4 + chunk.length;
  const out = new Uint8Array(size);
  const view = new DataView(out.buffer);
  let at = 0;
  for (const chunk of chunks) {
    view.setUint32(at, chunk.length);
    out.set(chunk, at + 4);
    at += 4 + chunk.length;
  }
  return out;
}

/** The chunks of a batch payload; throws on a truncated one. */
export function decodeBatch(payload: Uint8Array): Uint8Array[] {
  const view = new DataView(payload.buffer, payload.byteOffset, payload.byteLength);
  const chunks: Uint8Array[] = [];
  let at = 0;
  while (at < payload.length) {
    if (at + 4 > payload.length) throw new Error('truncated stream batch');
    const length = view.getUint32(at);
    const end = at + 4 + length;
    if (end > payload.length) throw new Error('truncated stream batch');
    chunks.push(payload.subarray(at + 4, end));
    at = end;
  }
  return chunks;
}
