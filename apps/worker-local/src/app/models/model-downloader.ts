/** A download request: where from, where to, and who hears about progress. */
export interface DownloadRequest {
  /** `hf:<user>/<repo>/<file>.gguf` or an http(s) URL. */
  source: string;
  /** Folder to download into. */
  dir: string;
  /** File name to save as; undefined lets the source decide. */
  fileName: string | undefined;
  /** Called as bytes arrive. */
  onProgress: (status: { totalSize: number; downloadedSize: number }) => void;
}

/** Fetches model files named by `source`; returns the path of the file on disk. */
export interface ModelDownloader {
  download(request: DownloadRequest): Promise<string>;
}
