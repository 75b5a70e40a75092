/** Longest worker id the contracts accept (`WORKER_ID_PATTERN`). */
const MAX_LENGTH = 64;

/**
 * The default worker id, `local-<hostname>-<pid>`, made subject-safe: characters outside
 * `[A-Za-z0-9_-]` become `-`, and a long host name is cut so the pid always survives.
 */
export function defaultWorkerId(hostname: string, pid: number): string {
  const safeHost = hostname.replace(/[^A-Za-z0-9_-]/g, '-') || 'host';
  const suffix = `-${pid}`;
  const prefix = 'local-';
  return prefix + safeHost.slice(0, MAX_LENGTH - prefix.length - suffix.length) + suffix;
}
