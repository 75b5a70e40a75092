import type { ServerResponse } from 'node:http';
import { Inject, Injectable, Optional, type OnApplicationShutdown } from '@nestjs/common';
import { estimateRequestTokens, RateLimitUnavailableError, type KeyRecord, type Reservation } from '@switchyard/keys';
import type { Logger } from '@switchyard/observability';
import { toHttpError, type HttpError } from '@switchyard/openai';
import { EVENTS, type EventSink } from '@switchyard/runtime';
import type { FastifyRequest } from 'fastify';
import type { AccessSettings } from '../auth/access-settings';
import { ACCESS_LOGGER, ACCESS_SETTINGS, KEY_BACKEND } from '../auth/auth.constants';
import type { KeyBackend } from '../auth/key-backend';
import { ClientLimitReporter } from './client-limit-reporter';
import { rateLimitError } from './rate-limit-error';
import { rateLimitHeaders, waitSeconds } from './rate-limit-headers';

/** The outcome of `admit`: headers for the response, and either a reservation or the error to send. */
export interface Admission {
  headers: Record<string, string>;
  /** Budget set aside; undefined when the request is refused, or let through unlimited (fail-open). */
  reservation?: Reservation;
  /** 429 over a limit, or 503 when the counters are unreachable and the fail mode is `closed`. */
  error?: HttpError;
}

/** A reservation and whether it has been reconciled yet. */
interface HeldReservation {
  reservation: Reservation;
  reconciled: boolean;
}

/** At most one warning per this period about unreachable counters. */
const WARN_EVERY_MS = 10_000;

/**
 * Per-key rate limits shared by every gateway replica: `admit` reserves an estimate before a request
 * runs (prompt characters / 4 + its completion cap); `reconcile` replaces it with the real usage. With an
 * event sink, the counters of each key go to the metrics service as they change (at most once a second).
 */
@Injectable()
export class RateLimitService implements OnApplicationShutdown {
  private readonly requests = new WeakMap<FastifyRequest, HeldReservation>();
  private readonly reporter: ClientLimitReporter | undefined;
  private lastWarning = 0;

  constructor(
    @Inject(KEY_BACKEND) private readonly backend: KeyBackend,
    @Inject(ACCESS_SETTINGS) private readonly settings: AccessSettings,
    @Inject(ACCESS_LOGGER) private readonly logger: Logger,
    @Optional() @Inject(EVENTS) events?: EventSink,
  ) {
    this.reporter = events ? new ClientLimitReporter(events) : undefined;
  }

  onApplicationShutdown(): void {
    this.reporter?.close();
  }

  /** Counts one request of `key` with this body against its limits (any transport). */
  async admit(key: KeyRecord, body: unknown): Promise<Admission> {
    const limiter = this.backend.limiter;
    if (!limiter) return { headers: {} };
    const tokens = estimateRequestTokens(body, this.settings.defaultCompletionTokens);
    try {
      const result = await limiter.reserve(key.id, key.limits, tokens);
      this.reporter?.report(key.id, result.state);
      const headers = rateLimitHeaders(result.state);
      if (result.allowed) return { headers, reservation: result.reservation };
      return { headers: { ...headers, 'Retry-After': String(waitSeconds(result.refusal.retryAfterMs)) }, error: rateLimitError(result.refusal, key.name) };
    } catch (error) {
      if (!(error instanceof RateLimitUnavailableError)) throw error;
      this.warn(error);
      if (this.settings.rateLimitFailMode === 'open') return { headers: {} };
      return { headers: {}, error: toHttpError('service_unavailable', 'Rate limits cannot be checked right now; please retry shortly.') };
    }
  }

  /**
   * Holds the reservation of an admitted HTTP request until its usage is known. When the response ends
   * without `reconcile` (no usage part), a failed request (status >= 400) gives its tokens back; a
   * successful one keeps the estimate.
   */
  hold(req: FastifyRequest, res: ServerResponse, reservation: Reservation): void {
    const held: HeldReservation = { reservation, reconciled: false };
    this.requests.set(req, held);
    res.once('close', () => {
      if (!held.reconciled && res.statusCode >= 400) void this.reconcileHeld(held, 0);
    });
  }

  /** Reconciles the request's reservation with the tokens it really used (once; later calls do nothing). */
  async reconcile(req: FastifyRequest, actualTokens: number): Promise<void> {
    const held = this.requests.get(req);
    if (held) await this.reconcileHeld(held, actualTokens);
  }

  /** Reconciles a reservation made with `admit` (for transports without a Fastify request). */
  async reconcileReservation(reservation: Reservation, actualTokens: number): Promise<void> {
    await this.reconcileHeld({ reservation, reconciled: false }, actualTokens);
  }

  private async reconcileHeld(held: HeldReservation, actualTokens: number): Promise<void> {
    if (held.reconciled || !this.backend.limiter) return;
    held.reconciled = true;
    try {
      await this.backend.limiter.reconcile(held.reservation, actualTokens);
      this.reporter?.reconciled(held.reservation, actualTokens);
    } catch (error) {
      this.warn(error);
    }
  }

  private warn(error: unknown): void {
    const now = Date.now();
    if (now - this.lastWarning < WARN_EVERY_MS) return;
    this.lastWarning = now;
    this.logger.warn({ err: error, failMode: this.settings.rateLimitFailMode }, 'rate-limit counters unavailable');
  }
}
