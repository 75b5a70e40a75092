import type { GpuResource } from '@switchyard/contracts';
import type { EngineGpuState } from '../engine/inference-engine';

/**
 * The GPUs for a heartbeat: names and video memory as the engine sees them, and utilisation from
 * `nvidia-smi` when it lists exactly the engine's devices. node-llama-cpp sums video memory over its
 * devices, so several devices are reported as one entry (`A + B`) with the sums and their mean
 * utilisation.
 */
export function engineGpus(state: EngineGpuState, nvidiaSmi: readonly GpuResource[] | undefined): GpuResource[] {
  const names = state.deviceNames.length > 0 ? state.deviceNames : [state.backend];
  const gpu: GpuResource = { name: names.join(' + '), vramTotalBytes: state.vramTotalBytes, vramUsedBytes: state.vramUsedBytes };
  const readings = nvidiaSmi?.length === names.length ? nvidiaSmi.map((g) => g.utilisation) : [];
  if (readings.length > 0 && readings.every((u) => u !== undefined)) {
    gpu.utilisation = readings.reduce((sum, u) => sum + u, 0) / readings.length;
  }
  return [gpu];
}
