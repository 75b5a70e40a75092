import type { GpuResource } from '@switchyard/contracts';
import type { EngineGpuState } from '../engine/inference-engine';
import { engineGpus } from './engine-gpus';

const GiB = 1024 ** 3;
const rtx4090: EngineGpuState = { backend: 'cuda', deviceNames: ['NVIDIA GeForce RTX 4090'], vramTotalBytes: 24 * GiB, vramUsedBytes: 6 * GiB };
const twoCards: EngineGpuState = { backend: 'cuda', deviceNames: ['NVIDIA A10', 'NVIDIA A10'], vramTotalBytes: 48 * GiB, vramUsedBytes: 20 * GiB };
const smi = (...utilisation: Array<number | undefined>): GpuResource[] =>
  utilisation.map((u) => ({ name: 'from nvidia-smi', vramTotalBytes: 1, vramUsedBytes: 1, ...(u === undefined ? {} : { utilisation: u }) }));

describe('engineGpus', () => {
  it.each<[string, EngineGpuState, GpuResource[] | undefined, GpuResource[]]>([
    ['one device, no nvidia-smi reading', rtx4090, undefined, [{ name: 'NVIDIA GeForce RTX 4090', vramTotalBytes: 24 * GiB, vramUsedBytes: 6 * GiB }]],
    ['one device with its utilisation', rtx4090, smi(0.42), [{ name: 'NVIDIA GeForce RTX 4090', vramTotalBytes: 24 * GiB, vramUsedBytes: 6 * GiB, utilisation: 0.42 }]],
    ['one device whose utilisation is N/A', rtx4090, smi(undefined), [{ name: 'NVIDIA GeForce RTX 4090', vramTotalBytes: 24 * GiB, vramUsedBytes: 6 * GiB }]],
    ['nvidia-smi listing other devices too (CUDA_VISIBLE_DEVICES)', rtx4090, smi(0.1, 0.9), [{ name: 'NVIDIA GeForce RTX 4090', vramTotalBytes: 24 * GiB, vramUsedBytes: 6 * GiB }]],
    ['two devices, summed, with mean utilisation', twoCards, smi(0.2, 0.6), [{ name: 'NVIDIA A10 + NVIDIA A10', vramTotalBytes: 48 * GiB, vramUsedBytes: 20 * GiB, utilisation: 0.4 }]],
    ['two devices, one without utilisation', twoCards, smi(0.2, undefined), [{ name: 'NVIDIA A10 + NVIDIA A10', vramTotalBytes: 48 * GiB, vramUsedBytes: 20 * GiB }]],
    ['no device names: named after the backend', { backend: 'metal', deviceNames: [], vramTotalBytes: 8 * GiB, vramUsedBytes: GiB }, undefined, [{ name: 'metal', vramTotalBytes: 8 * GiB, vramUsedBytes: GiB }]],
  ])('reports %s', (_name, state, nvidiaSmi, expected) => {
    expect(engineGpus(state, nvidiaSmi)).toEqual(expected);
  });
});
