import type { NatsConnection } from 'nats';

/** The part of nats.js's internal protocol handler this module touches (nats 2.29). */
interface ProtocolHandlerLike {
  flushPending(): void;
}

/** Calls back once what was published so far is in the socket. */
export type AfterWrite = (callback: () => void) => void;

/**
 * nats.js writes its outbound buffer to the socket in a microtask after the first publish that finds
 * it empty, so a process relaying many streams makes one `write` syscall per message under load
 * (the router spent 16 % of its time in `writeBuffer`). This defers that write to `setImmediate`:
 * everything published during one turn of the event loop goes out in one write, and a lone message
 * still leaves within the same turn (no timer delay). Returns a way to act right after that write (for
 * a caller whose next step must come after its messages are in the socket); undefined, changing
 * nothing, when the client's internals are not the expected shape (another nats version).
 */
export function batchWritesPerTurn(nc: NatsConnection): AfterWrite | undefined {
  const protocol = (nc as unknown as { protocol?: Partial<ProtocolHandlerLike> }).protocol;
  if (protocol === undefined || typeof protocol.flushPending !== 'function') return undefined;
  const flushNow = protocol.flushPending.bind(protocol);
  let scheduled = false;
  let waiting: Array<() => void> = [];
  const write = (): void => {
    scheduled = false;
    flushNow();
    const callbacks = waiting;
    waiting = [];
    for (const callback of callbacks) callback();
  };
  protocol.flushPending = () => {
    if (scheduled) return;
    scheduled = true;
    setImmediate(write);
  };
  return (callback) => {
    waiting.push(callback);
    protocol.flushPending?.();
  };
}
