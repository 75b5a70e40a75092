import { mkdir } from 'node:fs/promises';
import { loadNodeLlamaCpp } from '../engine/load-node-llama-cpp';
import type { DownloadRequest, ModelDownloader } from './model-downloader';

/** Downloads with node-llama-cpp's downloader (Hugging Face URIs, parallel connections, resumable). */
export class LlamaModelDownloader implements ModelDownloader {
  async download(request: DownloadRequest): Promise<string> {
    const { createModelDownloader } = await loadNodeLlamaCpp();
    await mkdir(request.dir, { recursive: true });
    const downloader = await createModelDownloader({
      modelUri: request.source,
      dirPath: request.dir,
      fileName: request.fileName,
      onProgress: request.onProgress,
    });
    return downloader.download();
  }
}
