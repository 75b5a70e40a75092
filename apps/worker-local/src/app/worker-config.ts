import type { SwitchyardConfig } from '@switchyard/config';

/** The `workerLocal` section of Switchyard's configuration. */
export type WorkerLocalConfig = SwitchyardConfig['workerLocal'];
