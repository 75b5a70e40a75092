import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { workspaceRoot } from '@switchyard/testing';

/** Reads `<constant> = 30_000` (or `?? 10_000`) from a source file, in ms; throws when the pattern is gone. */
function readMs(file: string, pattern: RegExp): number {
  const match = readFileSync(join(workspaceRoot(), file), 'utf8').match(
    pattern,
  );
  if (!match)
    throw new Error(
      `${pattern} not found in ${file}: update tools/deploy-checks/src/k8s/shutdown-grace.ts`,
    );
  return Number(match[1].replace(/_/g, ''));
}

/**
 * How long each service may take to stop after SIGTERM, in ms, read from its source: the gateway drains for
 * SHUTDOWN_GRACE_MS; worker-local drains its models, then closes NATS with the same grace; the others close NATS
 * with libs/nats' default.
 */
export function shutdownGraceMs(): Record<string, number> {
  const natsDefault = readMs(
    'libs/nats/src/lib/nats.module.ts',
    /shutdownGraceMs \?\? ([\d_]+)/,
  );
  const workerLocal = readMs(
    'apps/worker-local/src/app/worker.constants.ts',
    /SHUTDOWN_GRACE_MS = ([\d_]+)/,
  );
  return {
    gateway: readMs(
      'apps/gateway/src/app/app.module.ts',
      /SHUTDOWN_GRACE_MS = ([\d_]+)/,
    ),
    router: natsDefault,
    'worker-local': 2 * workerLocal,
    'worker-cloud': natsDefault,
    metrics: natsDefault,
  };
}
