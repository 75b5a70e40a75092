import type { Msg } from 'nats';
import { BusTimeoutError, NoRespondersError, RemoteHandlerError } from './errors';
import { decodeText } from './json';

interface Waiting {
  subject: string;
  deadline: number;
  resolve(): void;
  reject(error: Error): void;
}

/** What JetStream answers a publish with. */
interface PubAck {
  stream?: string;
  error?: { code?: number; description?: string };
}

/**
 * JetStream publishes waiting for their acks, which arrive on the transport's shared inbox. nats.js's
 * own `jetstream().publish()` makes a request per event, and each request builds an error object with
 * a stack trace and a timer up front (3-5 % of the router's and gateway's time under load); here a
 * wait is one map entry, and the transport's periodic sweep times them out.
 */
export class DurableAcks {
  private readonly waiting = new Map<string, Waiting>();

  /** Waits for the ack to the publish whose reply token is `token`. */
  expect(token: string, subject: string, timeoutMs: number): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      this.waiting.set(token, { subject, deadline: Date.now() + timeoutMs, resolve, reject });
    });
  }

  /** Ends the wait for `token` with the ack (or the error) `msg` carries; false when no publish waits on it. */
  acknowledge(token: string, msg: Msg): boolean {
    const wait = this.waiting.get(token);
    if (wait === undefined) return false;
    this.waiting.delete(token);
    if (msg.headers?.hasError) {
      wait.reject(msg.headers.code === 503 ? new NoRespondersError(wait.subject) : new RemoteHandlerError(wait.subject, `${msg.headers.code} ${msg.headers.description}`));
      return true;
    }
    let ack: PubAck;
    try {
      ack = JSON.parse(decodeText(msg.data)) as PubAck;
    } catch {
      wait.reject(new RemoteHandlerError(wait.subject, 'JetStream answered with something that is not JSON'));
      return true;
    }
    if (ack.error) wait.reject(new RemoteHandlerError(wait.subject, `${ack.error.code ?? ''} ${ack.error.description ?? 'JetStream refused the message'}`.trim()));
    else if (typeof ack.stream !== 'string') wait.reject(new RemoteHandlerError(wait.subject, 'JetStream answered without naming a stream'));
    else wait.resolve();
    return true;
  }

  /** Rejects the waits whose time is up. */
  sweep(now: number): void {
    for (const [token, wait] of this.waiting) {
      if (now < wait.deadline) continue;
      this.waiting.delete(token);
      wait.reject(new BusTimeoutError(wait.subject, 'reply'));
    }
  }

  /** Rejects every wait (the connection went down). */
  failAll(error: Error): void {
    for (const wait of this.waiting.values()) wait.reject(error);
    this.waiting.clear();
  }
}
