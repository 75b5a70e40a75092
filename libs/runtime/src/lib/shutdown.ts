import type { INestApplication } from '@nestjs/common';
import type { Logger } from '@switchyard/observability';
import { Drain } from './drain';

/** After the drain, how long closing connections and freeing resources may take before the process gives up, in ms. */
const CLOSE_TIMEOUT_MS = 10_000;

/** What the process does when a signal asks it to stop (replaceable in tests). */
export interface ShutdownHooks {
  exit(code: number): void;
}

/**
 * Stops the service on SIGTERM or SIGINT without dropping work: the drain begins (no new work, readiness
 * 503, heartbeats say draining), running requests finish within the grace period (the rest are cut), then
 * Nest closes the app (HTTP server, NATS) and the process exits 0. A second signal exits at once with 1.
 */
export function stopGracefullyOnSignals(app: INestApplication, logger: Logger, hooks: ShutdownHooks = { exit: (code) => process.exit(code) }): () => void {
  let stopping = false;
  const onSignal = (signal: NodeJS.Signals): void => {
    if (stopping) {
      logger.warn({ signal }, `${signal} again: exiting now`);
      hooks.exit(1);
      return;
    }
    stopping = true;
    void shutDown(app, logger, signal).then(hooks.exit);
  };
  const signals: NodeJS.Signals[] = ['SIGTERM', 'SIGINT'];
  for (const signal of signals) process.on(signal, onSignal);
  return () => {
    for (const signal of signals) process.off(signal, onSignal);
  };
}

/** Drains, then closes the app; resolves with the exit code. */
export async function shutDown(app: INestApplication, logger: Logger, signal: string): Promise<number> {
  const drain = app.get(Drain, { strict: false });
  logger.info({ signal, inFlight: drain.inFlight, graceMs: drain.graceMs }, `${signal}: draining (taking no new work, finishing ${drain.inFlight} running)`);
  const outcome = await drain.whenDone();
  if (outcome.cut > 0) logger.warn({ cut: outcome.cut, ms: outcome.ms }, `grace period over: cut ${outcome.cut} unfinished requests`);
  else logger.info({ ms: outcome.ms }, 'drained: all running work finished');
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<'timeout'>((resolve) => {
    timer = setTimeout(() => resolve('timeout'), CLOSE_TIMEOUT_MS);
  });
  try {
    const closed = await Promise.race([app.close().then(() => 'closed' as const), timeout]);
    if (closed === 'timeout') {
      logger.error({ ms: CLOSE_TIMEOUT_MS }, 'closing took too long: exiting anyway');
      return 1;
    }
  } catch (error) {
    logger.error({ err: error }, 'shutdown failed');
    return 1;
  } finally {
    clearTimeout(timer);
  }
  logger.info('stopped');
  return 0;
}
