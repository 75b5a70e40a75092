import type { MessageHeaders, StreamRequestOptions } from '../transport';

/** How a message goes out, besides its pattern and payload. */
export interface BusRecordOptions extends Partial<Omit<StreamRequestOptions, 'signal'>> {
  /** The replica it is addressed to (a worker id, a router id); the pattern's shared subject when absent. */
  to?: string;
  headers?: MessageHeaders;
  /** Plain requests: how long to wait for the reply. */
  timeoutMs?: number;
}

/**
 * What `BusClient.send` and `emit` take: the payload as it travels (bytes, encoded by the caller) and
 * how to send it. Cancelling is unsubscribing from what `send` returns.
 */
export class BusRecord {
  constructor(
    readonly payload: Uint8Array,
    readonly options: BusRecordOptions = {},
  ) {}
}
