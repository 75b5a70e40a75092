/** A download's progress, as node-llama-cpp's downloader reports it. */
export interface DownloadStatus {
  totalSize: number;
  downloadedSize: number;
}

const MIB = 1024 * 1024;

/** `42% of 1.1 MiB` (or `3.0 MiB` while the total is unknown). */
export function formatProgress(status: DownloadStatus): string {
  const done = (status.downloadedSize / MIB).toFixed(1);
  if (status.totalSize <= 0) return `${done} MiB`;
  const percent = Math.floor((status.downloadedSize / status.totalSize) * 100);
  return `${percent}% of ${(status.totalSize / MIB).toFixed(1)} MiB`;
}

/**
 * Wraps a progress reporter so it runs at most once per `intervalMs` (plus the final 100%):
 * the downloader calls back many times a second, the logs want a line every few seconds.
 */
export function throttleProgress(
  report: (status: DownloadStatus) => void,
  intervalMs: number,
  now: () => number = Date.now,
): (status: DownloadStatus) => void {
  let last = Number.NEGATIVE_INFINITY;
  let finished = false;
  return (status) => {
    const complete = status.totalSize > 0 && status.downloadedSize >= status.totalSize;
    if (finished || (!complete && now() - last < intervalMs)) return;
    last = now();
    finished = complete;
    report(status);
  };
}
