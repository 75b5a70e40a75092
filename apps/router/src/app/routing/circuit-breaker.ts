/** closed: in use; open: left out until `openUntil`; half-open: one probe request allowed. */
export type CircuitState = 'closed' | 'open' | 'half-open';

interface Circuit {
  failures: number;
  openUntil: number;
  probing: boolean;
  /** How long it stays open the next time it opens (doubling from `firstOpenMs` up to `openMs`). */
  nextOpenMs: number;
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

  /** Call when a request is sent; in half-open state it becomes the probe. */
  onAttempt(workerId: string): void {
    const circuit = this.circuits.get(workerId);
    if (circuit && this.state(workerId) === 'half-open') circuit.probing = true;
  }

  success(workerId: string): void {
    this.circuits.delete(workerId);
  }

  failure(workerId: string): void {
    const { openMs, firstOpenMs = openMs } = this.options;
    const circuit = this.circuits.get(workerId) ?? { failures: 0, openUntil: 0, probing: false, nextOpenMs: Math.min(firstOpenMs, openMs) };
    circuit.failures += 1;
    circuit.probing = false;
    if (circuit.failures >= this.options.failureThreshold) {
      circuit.openUntil = this.now() + circuit.nextOpenMs;
      circuit.nextOpenMs = Math.min(circuit.nextOpenMs * 2, openMs);
    }
    this.circuits.set(workerId, circuit);
  }

  /** The attempt ended without a verdict (cancelled by the client): a probe slot is freed. */
  release(workerId: string): void {
    const circuit = this.circuits.get(workerId);
    if (circuit) circuit.probing = false;
  }
}
