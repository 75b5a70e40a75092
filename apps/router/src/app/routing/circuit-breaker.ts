import type { CircuitState } from '@switchyard/contracts';

/** closed: in use; open: left out until `openUntil`; half-open: one probe request allowed. */
export type { CircuitState };

interface Circuit {
  failures: number;
  /** Races lost in a row with no output (withdrawn for a hedge that was ready first) since the worker's last success. */
  lostRaces: number;
  openUntil: number;
  probing: boolean;
  /** How long it stays open the next time it opens (doubling from `firstOpenMs` up to `openMs`). */
  nextOpenMs: number;
  /** Opened by races lost with no output, not by failures: the worker is slow or hung, not known to be broken. */
  slow: boolean;
}

export interface CircuitBreakerOptions {
  /** Failures in a row that open a worker's circuit. */
  failureThreshold: number;
  /** The longest an open circuit keeps the worker out before one probe request, in ms. */
  openMs: number;
  /** How long it keeps it out the first time, in ms; each failed probe doubles it, up to `openMs`. Default: `openMs`. */
  firstOpenMs?: number;
}

/**
 * One circuit per worker. Failures in a row open it; while open the worker gets no requests; then one request goes
 * through as a probe: success closes the circuit, failure opens it again for twice as long (from `firstOpenMs` up to
 * `openMs`), so a backend that recovers serves again soon and one that stays down costs a request now and then.
 */
export class CircuitBreaker {
  private readonly circuits = new Map<string, Circuit>();

  constructor(
    private readonly options: CircuitBreakerOptions,
    private readonly now: () => number = Date.now,
  ) {}

  state(workerId: string): CircuitState {
    const circuit = this.circuits.get(workerId);
    if (!circuit || circuit.failures < this.options.failureThreshold) return 'closed';
    return this.now() < circuit.openUntil ? 'open' : 'half-open';
  }

  /** Whether the worker may be sent a request now (closed, or half-open with no probe running). */
  allows(workerId: string): boolean {
    const state = this.state(workerId);
    return state === 'closed' || (state === 'half-open' && !this.circuits.get(workerId)?.probing);
  }

  /** Epoch ms when an open circuit lets a probe through (undefined when not open). */
  reopensAt(workerId: string): number | undefined {
    return this.state(workerId) === 'open' ? this.circuits.get(workerId)?.openUntil : undefined;
  }

  /** Call when a request is sent; in half-open state it becomes the probe. Returns whether it is the probe. */
  onAttempt(workerId: string): boolean {
    const circuit = this.circuits.get(workerId);
    if (!circuit || this.state(workerId) !== 'half-open') return false;
    circuit.probing = true;
    return true;
  }

  /** A success forgets the worker's failures and lost races: its circuit closes. */
  success(workerId: string): void {
    this.circuits.delete(workerId);
  }

  /** One failure; the threshold of them in a row opens the circuit (again, after a probe). */
  failure(workerId: string): void {
    this.fail(workerId, 0);
    this.circuitOf(workerId).slow = false;
  }

  /**
   * Opens the circuit now, as the threshold of failures in a row would (or again, for a probe). Unless the worker had
   * failed too, the circuit is a slow one (see `demotes`).
   */
  open(workerId: string): void {
    const circuit = this.circuitOf(workerId);
    const failing = circuit.failures > 0 && !circuit.slow;
    this.fail(workerId, this.options.failureThreshold);
    circuit.slow = !failing;
  }

  /**
   * True while the worker is kept out by a circuit that lost races opened, not failures: it is slower than the others
   * or hung, not known to be broken. Routing then tries it last instead of leaving it out, so a request with no other
   * candidate (a pinned one) still reaches it, and waits, rather than being refused.
   */
  demotes(workerId: string): boolean {
    return this.circuits.get(workerId)?.slow === true && !this.allows(workerId);
  }

  /** Counts a race the worker lost with no output; returns how many in a row since its last success. */
  lostRace(workerId: string): number {
    const circuit = this.circuitOf(workerId);
    circuit.lostRaces += 1;
    return circuit.lostRaces;
  }

  /** The attempt ended without a verdict (cancelled by the client): a probe slot is freed. */
  release(workerId: string): void {
    const circuit = this.circuits.get(workerId);
    if (circuit) circuit.probing = false;
  }

  /** Counts a failure, making the count at least `atLeast`; opens the circuit when the count reaches the threshold. */
  private fail(workerId: string, atLeast: number): void {
    const circuit = this.circuitOf(workerId);
    circuit.failures = Math.max(circuit.failures + 1, atLeast);
    circuit.probing = false;
    if (circuit.failures >= this.options.failureThreshold) {
      circuit.openUntil = this.now() + circuit.nextOpenMs;
      circuit.nextOpenMs = Math.min(circuit.nextOpenMs * 2, this.options.openMs);
    }
  }

  private circuitOf(workerId: string): Circuit {
    const known = this.circuits.get(workerId);
    if (known) return known;
    const { openMs, firstOpenMs = openMs } = this.options;
    const circuit: Circuit = { failures: 0, lostRaces: 0, openUntil: 0, probing: false, nextOpenMs: Math.min(firstOpenMs, openMs), slow: false };
    this.circuits.set(workerId, circuit);
    return circuit;
  }
}
