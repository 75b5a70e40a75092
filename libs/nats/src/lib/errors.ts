/** Why a bus request failed, as typed errors so callers can decide what is retryable. */

/** Nobody serves the subject. */
export class NoRespondersError extends Error {
  override readonly name = 'NoRespondersError';
  constructor(readonly subject: string) {
    super(`no responder on ${subject}`);
  }
}

/** The responder did not acknowledge, went silent, or the deadline passed. */
export class BusTimeoutError extends Error {
  override readonly name = 'BusTimeoutError';
  constructor(
    readonly subject: string,
    readonly phase: 'ack' | 'idle' | 'deadline' | 'reply',
  ) {
    super(`timed out waiting for ${subject} (${phase})`);
  }
}

/** The responder's handler threw; its message is carried over. */
export class RemoteHandlerError extends Error {
  override readonly name = 'RemoteHandlerError';
  constructor(
    readonly subject: string,
    message: string,
  ) {
    super(message);
  }
}

/** The requester aborted the stream. */
export class StreamAbortedError extends Error {
  override readonly name = 'StreamAbortedError';
  constructor() {
    super('stream aborted by requester');
  }
}

/** The message is larger than the NATS server accepts (its `max_payload`, 1 MiB unless configured). */
export class PayloadTooLargeError extends Error {
  override readonly name = 'PayloadTooLargeError';
  constructor(
    readonly subject: string,
    readonly bytes: number,
    readonly limit: number | undefined,
  ) {
    super(`a ${bytes}-byte message on ${subject} is over the NATS server's max_payload${limit === undefined ? '' : ` of ${limit} bytes`}`);
  }
}

/** The connection to the bus is closed or down. */
export class BusDisconnectedError extends Error {
  override readonly name = 'BusDisconnectedError';
  constructor() {
    super('not connected to NATS');
  }
}
