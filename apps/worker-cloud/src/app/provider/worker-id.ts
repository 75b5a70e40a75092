import { hostname } from 'node:os';

/** `cloud-<provider>-<host>-<pid>`, reduced to subject-safe characters and 64 of them. */
export function cloudWorkerId(provider: string): string {
  return `cloud-${provider}-${hostname()}-${process.pid}`.replace(/[^A-Za-z0-9_-]/g, '-').slice(0, 64);
}
