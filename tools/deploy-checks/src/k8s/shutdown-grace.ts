import type { SwitchyardConfig } from '@switchyard/config';
import type { IContainer } from 'kubernetes-models/v1/Container';

/** After the grace period cuts what still runs, how long the service may take to close, in seconds (libs/runtime's drain gives cut work 2 s). */
const AFTER_GRACE_SECONDS = 2;

/** Seconds a `preStop` hook keeps the container from getting SIGTERM: `sleep N` as exec, or the native sleep action. */
export function preStopSeconds(container: IContainer): number {
  const preStop = container.lifecycle?.preStop;
  if (!preStop) return 0;
  const native = (preStop as { sleep?: { seconds?: number } }).sleep?.seconds;
  if (native !== undefined) return native;
  const command = preStop.exec?.command ?? [];
  if (command.length === 2 && /(^|\/)sleep$/.test(command[0]))
    return Number(command[1]);
  throw new Error(
    `container ${container.name}: a preStop hook other than a sleep cannot be timed (${JSON.stringify(preStop)})`,
  );
}

/**
 * The longest a container may take from the moment Kubernetes starts stopping it until it exits: the preStop
 * delay, then `shutdown.graceMs` of its configuration (running requests finish), then the close after a cut.
 */
export function stopBudgetSeconds(
  container: IContainer,
  config: SwitchyardConfig,
): number {
  return (
    preStopSeconds(container) +
    config.shutdown.graceMs / 1000 +
    AFTER_GRACE_SECONDS
  );
}
