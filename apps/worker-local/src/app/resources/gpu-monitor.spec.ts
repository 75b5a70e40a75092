import { createLogger } from '@switchyard/observability';
import type { EngineGpuState } from '../engine/inference-engine';
import { FakeEngine } from '../testing/fake-engine';
import { GPU_SAMPLE_MS, GpuMonitor } from './gpu-monitor';

const GiB = 1024 ** 3;
const CUDA: EngineGpuState = { backend: 'cuda', deviceNames: ['NVIDIA GeForce RTX 4090'], vramTotalBytes: 24 * GiB, vramUsedBytes: 6 * GiB };
const RTX_4090_BUSY = 'NVIDIA GeForce RTX 4090, 24564, 6144, 87\n';

describe('GpuMonitor', () => {
  const logger = createLogger('worker-local-test', 'silent');
  let engine: FakeEngine;
  let nvidiaSmi: jest.Mock<Promise<string>, []>;
  let monitor: GpuMonitor;

  beforeEach(() => {
    engine = new FakeEngine();
    nvidiaSmi = jest.fn(async () => RTX_4090_BUSY);
    monitor = new GpuMonitor({ engine, logger, nvidiaSmi });
  });

  afterEach(() => {
    monitor.stop();
    jest.restoreAllMocks();
    jest.useRealTimers();
  });

  it('reports no GPUs, and runs no nvidia-smi, when the engine runs on the CPU', async () => {
    await monitor.start();
    expect(monitor.current()).toBeUndefined();
    expect(nvidiaSmi).not.toHaveBeenCalled();
  });

  it('on CUDA, reports the engine VRAM with the utilisation from nvidia-smi once started', async () => {
    engine.gpu = CUDA;
    await monitor.start();
    expect(monitor.current()).toEqual([{ name: 'NVIDIA GeForce RTX 4090', vramTotalBytes: 24 * GiB, vramUsedBytes: 6 * GiB, utilisation: 0.87 }]);
  });

  it('on Vulkan, reports the engine VRAM without running nvidia-smi', async () => {
    engine.gpu = { ...CUDA, backend: 'vulkan' };
    await monitor.start();
    expect(monitor.current()).toEqual([{ name: 'NVIDIA GeForce RTX 4090', vramTotalBytes: 24 * GiB, vramUsedBytes: 6 * GiB }]);
    expect(nvidiaSmi).not.toHaveBeenCalled();
  });

  it('leaves utilisation out when nvidia-smi fails, logging that once at debug', async () => {
    const debug = jest.spyOn(logger, 'debug').mockImplementation(() => undefined);
    nvidiaSmi.mockRejectedValue(Object.assign(new Error('spawn nvidia-smi ENOENT'), { code: 'ENOENT' }));
    engine.gpu = CUDA;
    await monitor.start();
    await monitor.refresh();
    expect(monitor.current()).toEqual([{ name: 'NVIDIA GeForce RTX 4090', vramTotalBytes: 24 * GiB, vramUsedBytes: 6 * GiB }]);
    expect(nvidiaSmi).toHaveBeenCalledTimes(2);
    expect(debug).toHaveBeenCalledTimes(1);
  });

  it('leaves gpus out, warning once, when the engine cannot tell its GPU state', async () => {
    const warn = jest.spyOn(logger, 'warn').mockImplementation(() => undefined);
    engine.gpu = CUDA;
    await monitor.start();
    jest.spyOn(engine, 'gpuState').mockRejectedValue(new Error('disposed'));
    await monitor.refresh();
    await monitor.refresh();
    expect(monitor.current()).toBeUndefined();
    expect(warn).toHaveBeenCalledTimes(1);
  });

  it(`refreshes every ${GPU_SAMPLE_MS} ms, running nvidia-smi no more often, until stopped`, async () => {
    jest.useFakeTimers();
    engine.gpu = CUDA;
    await monitor.start();
    expect(nvidiaSmi).toHaveBeenCalledTimes(1);
    engine.gpu = { ...CUDA, vramUsedBytes: 10 * GiB };
    await jest.advanceTimersByTimeAsync(GPU_SAMPLE_MS - 1);
    expect(nvidiaSmi).toHaveBeenCalledTimes(1);
    expect(monitor.current()?.[0]?.vramUsedBytes).toBe(6 * GiB);
    await jest.advanceTimersByTimeAsync(1);
    expect(nvidiaSmi).toHaveBeenCalledTimes(2);
    expect(monitor.current()?.[0]?.vramUsedBytes).toBe(10 * GiB);
    monitor.stop();
    await jest.advanceTimersByTimeAsync(GPU_SAMPLE_MS * 4);
    expect(nvidiaSmi).toHaveBeenCalledTimes(2);
  });

  it('runs one nvidia-smi at a time, and drops a reading that finishes after stop', async () => {
    let answer: (output: string) => void = () => undefined;
    nvidiaSmi.mockImplementation(() => new Promise((resolve) => (answer = resolve)));
    engine.gpu = CUDA;
    const first = monitor.refresh();
    const second = monitor.refresh();
    await new Promise((resolve) => setImmediate(resolve));
    expect(nvidiaSmi).toHaveBeenCalledTimes(1);
    monitor.stop();
    answer(RTX_4090_BUSY);
    await Promise.all([first, second]);
    expect(monitor.current()).toBeUndefined();
  });
});
