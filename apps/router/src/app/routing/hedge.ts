import { errorPart, type ErrorPart, type InferenceRequest } from '@switchyard/contracts';
import type { Candidate } from './candidates';
import { attemptOn, type AttemptDeps, type AttemptOutcome, type Forward } from './worker-attempt';

/** When and how often a streamed request is hedged, from configuration. */
export interface HedgeOptions {
  /** Which percentile of the backend's recent times to first token it is expected within. */
  percentile: number;
  /** The wait before a hedge: that percentile times `factor`, within `floorMs`–`ceilingMs` (the ceiling before any sample). */
  factor: number;
  floorMs: number;
  ceilingMs: number;
  /** Hedges per routed request this router may start, over time (0.1: one request in ten). */
  maxShare: number;
  /** Hedges that may start back to back before the share applies. */
  burst: number;
  /** Races lost in a row with no output (withdrawn), with no success in between, that open the loser's circuit. */
  lossesToOpen: number;
}

/**
 * The cap on hedges: a bucket that each routed request fills by `maxShare` (up to `burst`) and each hedge empties by
 * one, so a slow provider can add at most that share of requests to the others' load.
 */
export class HedgeBudget {
  private tokens: number;

  constructor(private readonly options: Pick<HedgeOptions, 'maxShare' | 'burst'>) {
    this.tokens = options.burst;
  }

  onRequest(): void {
    this.tokens = Math.min(this.options.burst, this.tokens + this.options.maxShare);
  }

  /** Takes one hedge when the budget has it. */
  take(): boolean {
    if (this.tokens < 1) return false;
    this.tokens -= 1;
    return true;
  }
}

/** The wait for a first output before a hedge: the percentile times the factor, within the floor and the ceiling. */
export function hedgeDelayMs(options: HedgeOptions, measuredMs: number | undefined): number {
  if (measuredMs === undefined) return options.ceilingMs;
  return Math.round(Math.min(options.ceilingMs, Math.max(options.floorMs, measuredMs * options.factor)));
}

/** One backend that failed before its output reached the client. */
export interface RaceFailure {
  candidate: Candidate;
  failure: ErrorPart;
  ms: number;
}

/** How a primary attempt and its hedge (if one started) ended, together. */
export interface RaceResult {
  /** `started` when one of them answers the client (`brokenBy` when it broke after its output began). */
  outcome: { kind: 'started'; brokenBy?: ErrorPart } | { kind: 'cancelled' } | { kind: 'failed' };
  /** Those that failed, in the order they were tried; a primary withdrawn for a hedge that then failed too counts as a timeout. */
  failures: RaceFailure[];
  /** The hedge, when one started: its candidate, and whether it answered. */
  hedge?: { candidate: Candidate; won: boolean };
}

/** What a race needs from the request router. */
export interface RaceSetup {
  deps: AttemptDeps;
  request: InferenceRequest;
  signal: AbortSignal;
  /** The forward of an attempt on `candidate`: as a hedge beside `primary` when that is given. */
  forwardFor(candidate: Candidate, hedgeOf?: Candidate): Forward;
  /**
   * With no first output after `afterMs`, `take` gives the hedge's candidate (taking it from the plan and the budget), or
   * nothing; a primary that loses `lossesToOpen` races in a row with no output has its circuit opened.
   */
  hedge?: { afterMs: number; take: () => Candidate | undefined; lossesToOpen: number };
}

/** A promise and the function that resolves it. */
function trigger(): { promise: Promise<void>; fire: () => void } {
  let fire = (): void => undefined;
  const promise = new Promise<void>((resolve) => (fire = resolve));
  return { promise, fire };
}

/**
 * Tries `primary`; when it has produced nothing after the hedge wait, starts the hedge's candidate beside it as a gated
 * stream, whose output waits at its worker. The first with output wins: the primary's output goes straight to the
 * gateway, so it wins by producing first, and the hedge is cancelled; a hedge with output first asks the primary to
 * withdraw, which it does only if none of its output has left. The primary's own control stream says which happened,
 * in order, so exactly one answer ever reaches the gateway. A primary that fails alone leaves the hedge to answer.
 */
export async function raceOn(setup: RaceSetup, primary: Candidate): Promise<RaceResult> {
  const { deps, request, signal } = setup;
  const withdraw = trigger();
  let hedge: { candidate: Candidate; lose: AbortController; release: () => void; done: Promise<AttemptOutcome> } | undefined;
  let primaryStarted = false;

  const startHedge = (candidate: Candidate): void => {
    const release = trigger();
    const lose = new AbortController();
    const forward = setup.forwardFor(candidate, primary);
    hedge = {
      candidate,
      lose,
      release: release.fire,
      done: attemptOn(deps, candidate, request, { ...forward, gate: { released: release.promise, onReady: () => withdraw.fire() } }, AbortSignal.any([signal, lose.signal])),
    };
  };
  const base = setup.forwardFor(primary);
  const hedgeSetup = setup.hedge;
  const primaryOutcome = await attemptOn(
    deps,
    primary,
    request,
    {
      ...base,
      onStarted: () => {
        primaryStarted = true;
        hedge?.lose.abort();
        base.onStarted();
      },
      ...(hedgeSetup === undefined
        ? {}
        : {
            withdraw: { requested: withdraw.promise, lossesToOpen: hedgeSetup.lossesToOpen },
            slow: {
              afterMs: hedgeSetup.afterMs,
              start: () => {
                if (primaryStarted || signal.aborted) return;
                const candidate = hedgeSetup.take();
                if (candidate !== undefined) startHedge(candidate);
              },
            },
          }),
    },
    signal,
  );
  const failures: RaceFailure[] = [];
  if (primaryOutcome.kind === 'failed') failures.push({ candidate: primary, failure: primaryOutcome.failure, ms: primaryOutcome.ms });
  const running = hedge as typeof hedge | undefined;
  if (running === undefined) {
    if (primaryOutcome.kind === 'withdrawn') throw new Error('a primary withdrew without a hedge');
    return { outcome: primaryOutcome.kind === 'failed' ? { kind: 'failed' } : primaryOutcome, failures };
  }
  if (primaryOutcome.kind === 'started' || primaryOutcome.kind === 'cancelled') {
    running.lose.abort();
    await running.done;
    return { outcome: primaryOutcome, failures, hedge: { candidate: running.candidate, won: false } };
  }
  // The primary stood down for the hedge, or failed on its own: the hedge answers alone.
  running.release();
  const hedgeOutcome = await running.done;
  if (hedgeOutcome.kind === 'started' || hedgeOutcome.kind === 'cancelled') {
    return { outcome: hedgeOutcome, failures, hedge: { candidate: running.candidate, won: hedgeOutcome.kind === 'started' } };
  }
  if (primaryOutcome.kind === 'withdrawn') {
    failures.push({
      candidate: primary,
      failure: errorPart('timeout', `Backend ${primary.backend} had no output when its hedge was ready.`, { retryable: true }),
      ms: primaryOutcome.ms,
    });
  }
  if (hedgeOutcome.kind === 'failed') failures.push({ candidate: running.candidate, failure: hedgeOutcome.failure, ms: hedgeOutcome.ms });
  return { outcome: { kind: 'failed' }, failures, hedge: { candidate: running.candidate, won: false } };
}
