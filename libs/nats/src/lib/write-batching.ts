import type { NatsConnection } from 'nats';

/** The part of nats.js's internal protocol handler this module touches (nats 2.29). */
interface ProtocolHandlerLike {
  flushPending(): void;
}

/**
 * nats.js writes its outbound buffer to the socket in a microtask after the first publish that finds
 * it empty, so a process relaying many streams makes one `write` syscall per message under load
 * (the router spent 16 % of its time in `writeBuffer`). This defers that write to `setImmediate`:
 * everything published during one turn of the event loop goes out in one write, and a lone message
 * still leaves within the same turn (no timer delay). Returns the write it defers, for a caller that
 * needs its messages in the socket before it does something else; undefined, changing nothing, when
 * the client's internals are not the expected shape (another nats version).
 */
export function batchWritesPerTurn(nc: NatsConnection): (() => void) | undefined {
  const protocol = (nc as unknown as { protocol?: Partial<ProtocolHandlerLike> }).protocol;
  if (protocol === undefined || typeof protocol.flushPending !== 'function') return undefined;
  const flushNow = protocol.flushPending.bind(protocol);
  let scheduled = false;
  protocol.flushPending = () => {
    if (scheduled) return;
    scheduled = true;
    setImmediate(() => {
      scheduled = false;
      flushNow();
    });
  };
  return flushNow;
}
