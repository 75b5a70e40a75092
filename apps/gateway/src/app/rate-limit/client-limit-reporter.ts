import { randomUUID } from 'node:crypto';
import { SUBJECTS, type ClientRateLimitEvent } from '@switchyard/contracts';
import { MINUTE_MS, windowStart, type RateLimitState, type Reservation } from '@switchyard/keys';
import type { EventSink } from '@switchyard/runtime';

/** Shortest gap between two events of one key, in ms. */
const INTERVAL_MS = 1_000;

/** What the reporter remembers of one key. */
interface KeyReadings {
  /** The latest reading (sent or not). */
  latest: ClientRateLimitEvent;
  /** When the last event of this key went out. */
  sentAt: number;
  /** Sends `latest` when the interval is over; set while a reading waits. */
  timer?: NodeJS.Timeout;
}

/**
 * Publishes a key's rate-limit counters when they change: at most one event a second per key, the
 * latest reading winning (a burst ends with its last state sent). Settling a reservation moves the
 * tokens left by the difference between the estimate and the real usage.
 */
export class ClientLimitReporter {
  private readonly keys = new Map<string, KeyReadings>();

  constructor(
    private readonly events: EventSink,
    private readonly now: () => number = Date.now,
    private readonly intervalMs = INTERVAL_MS,
  ) {}

  /** A new reading of `keyId`'s counters (after a request was admitted or refused). */
  report(keyId: string, state: RateLimitState): void {
    const { requests, tokens } = state;
    this.update(keyId, {
      keyId,
      at: this.now(),
      requests: { limit: requests.limit, remaining: requests.remaining },
      tokens: { limit: tokens.limit, remaining: tokens.remaining },
    });
  }

  /** A reservation was reconciled with `actualTokens`: the tokens left change by the estimate's error, within the same minute. */
  reconciled(reservation: Reservation, actualTokens: number): void {
    const known = this.keys.get(reservation.keyId)?.latest;
    const delta = actualTokens - reservation.tokens;
    if (!known || delta === 0 || windowStart(known.at, MINUTE_MS) !== reservation.minuteStart) return;
    const remaining = Math.min(known.tokens.limit, Math.max(0, known.tokens.remaining - delta));
    this.update(reservation.keyId, { ...known, at: this.now(), tokens: { ...known.tokens, remaining } });
  }

  /** Stops pending sends. */
  close(): void {
    for (const readings of this.keys.values()) clearTimeout(readings.timer);
  }

  private update(keyId: string, latest: ClientRateLimitEvent): void {
    const readings = this.keys.get(keyId);
    if (!readings) {
      this.keys.set(keyId, { latest, sentAt: latest.at });
      return this.send(latest);
    }
    readings.latest = latest;
    if (readings.timer) return;
    const wait = readings.sentAt + this.intervalMs - latest.at;
    if (wait <= 0) {
      readings.sentAt = latest.at;
      return this.send(latest);
    }
    readings.timer = setTimeout(() => {
      readings.timer = undefined;
      readings.sentAt = this.now();
      this.send(readings.latest);
    }, wait);
    readings.timer.unref();
  }

  private send(event: ClientRateLimitEvent): void {
    this.events.publish(SUBJECTS.clientRateLimitEvent, event, `${event.keyId}:${event.at}:${randomUUID()}`);
  }
}
