import { WORKER_ID_PATTERN } from './subjects';

/** Longest worker id `WORKER_ID_PATTERN` accepts. */
const MAX_LENGTH = 64;

/**
 * A default worker id, `<prefix>-<hostname>-<pid>`, made subject-safe: characters outside
 * `[A-Za-z0-9_-]` become `-`, and a long host name is cut so the pid always survives.
 */
export function defaultWorkerId(prefix: string, hostname: string, pid: number): string {
  const safe = (text: string): string => text.replace(/[^A-Za-z0-9_-]/g, '-');
  const head = `${safe(prefix)}-`;
  const tail = `-${pid}`;
  const id = head + (safe(hostname) || 'host').slice(0, Math.max(0, MAX_LENGTH - head.length - tail.length)) + tail;
  if (!WORKER_ID_PATTERN.test(id)) throw new Error(`cannot build a worker id from prefix "${prefix}"`);
  return id;
}
