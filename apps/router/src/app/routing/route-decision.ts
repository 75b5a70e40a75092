import type { Route } from '@switchyard/contracts';

/**
 * How the router settled one request (a backend started, none could, or the client left first). Logged, and handed
 * to an observer (tests); the durable record of a request's route is the gateway's usage event, which carries the
 * route from the answer's start part or the router's failure.
 */
export interface RouteDecision {
  requestId: string;
  /** Epoch ms when the router received the request. */
  receivedAt: number;
  /** The `model` the client asked for. */
  requestedModel: string;
  route: Route;
  /** The worker that answers, when one does. */
  workerId: string | null;
  outcome: 'started' | 'failed' | 'cancelled';
  /** Time from receipt to the outcome, in ms (includes failed attempts). */
  decisionMs: number;
}

/** Told of every decision, as it is made. */
export type DecisionObserver = (decision: RouteDecision) => void;
