import { defaultWorkerId as workerIdFor } from '@switchyard/contracts';

/** The default id of a local worker: `local-<hostname>-<pid>`, subject-safe, the pid always kept. */
export function defaultWorkerId(hostname: string, pid: number): string {
  return workerIdFor('local', hostname, pid);
}
