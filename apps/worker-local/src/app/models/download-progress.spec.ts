import { formatProgress, throttleProgress, type DownloadStatus } from './download-progress';

describe('formatProgress', () => {
  it.each<[string, DownloadStatus, string]>([
    ['a share of a known total', { totalSize: 4 * 1024 * 1024, downloadedSize: 1024 * 1024 }, '25% of 4.0 MiB'],
    ['the end', { totalSize: 1185376, downloadedSize: 1185376 }, '100% of 1.1 MiB'],
    ['an unknown total', { totalSize: 0, downloadedSize: 3 * 1024 * 1024 }, '3.0 MiB'],
  ])('formats %s', (_name, status, text) => {
    expect(formatProgress(status)).toBe(text);
  });
});

describe('throttleProgress', () => {
  it('reports the first update, then at most once per interval, and the completion once', () => {
    let clock = 0;
    const seen: number[] = [];
    const report = throttleProgress((s) => seen.push(s.downloadedSize), 1000, () => clock);
    const at = (ms: number, downloaded: number): void => {
      clock = ms;
      report({ totalSize: 100, downloadedSize: downloaded });
    };
    at(0, 1);
    at(500, 10);
    at(1000, 20);
    at(1200, 30);
    at(1300, 100);
    at(1400, 100);
    expect(seen).toEqual([1, 20, 100]);
  });
});
