import { execFile } from 'node:child_process';
import type { GpuResource } from '@switchyard/contracts';

/** Arguments for one CSV line per GPU: name, total and used memory (MiB), utilisation (%). */
export const NVIDIA_SMI_ARGS = ['--query-gpu=name,memory.total,memory.used,utilization.gpu', '--format=csv,noheader,nounits'];

/** How long `nvidia-smi` may take before it is killed, in ms. */
const NVIDIA_SMI_TIMEOUT_MS = 2_000;

const MIB = 1024 * 1024;

/** Runs `nvidia-smi` and resolves with its standard output. */
export type NvidiaSmiRunner = () => Promise<string>;

/** The real `nvidia-smi`, killed after a short timeout; rejects when it is missing or fails. */
export const runNvidiaSmi: NvidiaSmiRunner = () =>
  new Promise((resolve, reject) => {
    execFile('nvidia-smi', NVIDIA_SMI_ARGS, { timeout: NVIDIA_SMI_TIMEOUT_MS, windowsHide: true }, (error, stdout) =>
      error ? reject(error) : resolve(stdout),
    );
  });

/** A number, or undefined for `[N/A]`, `[Not Supported]` and other non-numbers. */
function numberOrUndefined(field: string): number | undefined {
  const value = Number(field);
  return field !== '' && Number.isFinite(value) ? value : undefined;
}

/**
 * GPUs from `nvidia-smi` with `NVIDIA_SMI_ARGS`: memory in bytes, utilisation 0..1. A GPU without a
 * utilisation reading (`[N/A]`) is listed without one; a line without memory readings is skipped.
 * Fields are read from the right, so a device name containing a comma survives.
 */
export function parseNvidiaSmiGpus(output: string): GpuResource[] {
  const gpus: GpuResource[] = [];
  for (const line of output.split(/\r?\n/)) {
    const fields = line.split(',').map((f) => f.trim());
    if (fields.length < 4) continue;
    const [totalMib, usedMib, percent] = fields.slice(-3).map(numberOrUndefined);
    const name = fields.slice(0, -3).join(', ');
    if (name === '' || totalMib === undefined || usedMib === undefined) continue;
    const gpu: GpuResource = { name, vramTotalBytes: totalMib * MIB, vramUsedBytes: usedMib * MIB };
    if (percent !== undefined) gpu.utilisation = Math.min(1, Math.max(0, percent / 100));
    gpus.push(gpu);
  }
  return gpus;
}
