import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConfigSchema } from '@switchyard/config';
import { createLogger } from '@switchyard/observability';
import { Drain } from '@switchyard/runtime';
import { FakeEngine } from '../testing/fake-engine';
import type { DownloadRequest, ModelDownloader } from './model-downloader';
import { EMBEDDED_DEFAULT_MODEL } from './embedded-default-model';
import { ModelRegistry } from './model-registry.service';

const logger = createLogger('worker-local-test', 'silent');

/** Records download requests; "downloads" by writing an empty file. */
class RecordingDownloader implements ModelDownloader {
  readonly requests: DownloadRequest[] = [];
  async download(request: DownloadRequest): Promise<string> {
    this.requests.push(request);
    request.onProgress({ totalSize: 10, downloadedSize: 10 });
    const path = join(request.dir, request.fileName ?? 'downloaded.gguf');
    writeFileSync(path, '');
    return path;
  }
}

describe('ModelRegistry', () => {
  let dir: string;
  beforeEach(() => (dir = mkdtempSync(join(tmpdir(), 'worker-local-'))));
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  async function start(workerLocal: Record<string, unknown>) {
    const config = ConfigSchema.parse({ workerLocal: { modelsDir: dir, ...workerLocal } }).workerLocal;
    const engine = new FakeEngine();
    const downloader = new RecordingDownloader();
    const registry = new ModelRegistry(config, engine, downloader, logger, new Drain(1_000));
    await registry.onModuleInit();
    return { registry, engine, downloader };
  }

  it('serves every GGUF file of modelsDir by its lower-cased name when none are configured', async () => {
    writeFileSync(join(dir, 'stories260K.gguf'), '');
    writeFileSync(join(dir, 'Tiny.gguf'), '');
    writeFileSync(join(dir, 'readme.md'), '');
    const { registry } = await start({});
    expect(registry.names()).toEqual(['stories260k', 'tiny']);
    expect(registry.get('stories260k')?.model.info.path).toBe(join(dir, 'stories260K.gguf'));
  });

  it('downloads a source into modelsDir on first start, with progress, and reuses the file afterwards', async () => {
    const models = [{ source: 'hf:karpathy/tinyllamas/stories260K.gguf', concurrency: 2, maxQueue: 3 }];
    const first = await start({ models });
    expect(first.downloader.requests).toEqual([
      expect.objectContaining({ source: 'hf:karpathy/tinyllamas/stories260K.gguf', dir, fileName: 'stories260K.gguf' }),
    ]);
    const served = first.registry.get('stories260k');
    expect(served?.model.info.path).toBe(join(dir, 'stories260K.gguf'));
    expect([served?.scheduler.concurrency, served?.scheduler.maxQueue]).toEqual([2, 3]);
    const second = await start({ models });
    expect(second.downloader.requests).toHaveLength(0);
    expect(second.registry.names()).toEqual(['stories260k']);
  });

  it('leaves out a model that fails to load and serves the others', async () => {
    const { registry } = await start({ models: [{ path: join(dir, 'broken.gguf') }, { name: 'ok', path: join(dir, 'ok.gguf') }] });
    expect(registry.names()).toEqual(['ok']);
  });

  it('stays up with no models at all', async () => {
    const { registry } = await start({ defaultModel: false });
    expect(registry.list()).toEqual([]);
  });

  it('serves the embedded default model when no model is configured or found', async () => {
    const { registry } = await start({});
    expect(registry.names()).toEqual(['stories260k']);
    expect(registry.get('stories260k')?.model.info.path).toBe(EMBEDDED_DEFAULT_MODEL);
  });

  it('waits for running work before freeing the models on shutdown', async () => {
    writeFileSync(join(dir, 'a.gguf'), '');
    const { registry, engine } = await start({});
    const scheduler = registry.get('a')?.scheduler;
    if (!scheduler) throw new Error('model a not served');
    const admission = await scheduler.acquire(new AbortController().signal, Date.now() + 60_000);
    const shutdown = registry.onApplicationShutdown();
    await new Promise((r) => setTimeout(r, 30));
    expect(engine.disposed).toBe(false);
    if (admission.admitted) admission.release();
    await shutdown;
    expect(engine.disposed).toBe(true);
    expect(registry.list()).toEqual([]);
  });
});
