/** Control frames of the streaming protocol, carried in a header; data messages carry none. */
export const FRAME_HEADER = 'sy-frame';
/** On the ack frame: where to publish a cancellation of this stream. */
export const CANCEL_HEADER = 'sy-cancel';

export const FRAMES = {
  /** The responder has the request and is working. */
  ack: 'ack',
  /** Still working; nothing to send yet. */
  keepalive: 'keepalive',
  /** The stream ended normally. */
  end: 'end',
  /** The handler failed; the payload is its message. */
  error: 'error',
} as const;

export type Frame = (typeof FRAMES)[keyof typeof FRAMES];
