import { hostname } from 'node:os';
import { defaultWorkerId } from '@switchyard/contracts';

/** `cloud-<provider>-<host>-<pid>`, subject-safe, the pid always kept. */
export function cloudWorkerId(provider: string): string {
  return defaultWorkerId(`cloud-${provider}`, hostname(), process.pid);
}
