import { GpuResourceSchema, type GpuResource } from '@switchyard/contracts';
import { parseNvidiaSmiGpus } from './nvidia-smi';

const MIB = 1024 * 1024;

/** Output of `nvidia-smi --query-gpu=name,memory.total,memory.used,utilization.gpu --format=csv,noheader,nounits`. */
const TWO_GPUS = 'NVIDIA GeForce RTX 4090, 24564, 18234, 87\nNVIDIA GeForce RTX 3060, 12288, 1043, 3\n';
/** An A100 under MIG reports no utilisation. */
const NA_LINE = 'NVIDIA A100-SXM4-80GB, 81920, 40123, [N/A]\n';

describe('parseNvidiaSmiGpus', () => {
  it.each<[string, string, GpuResource[]]>([
    [
      'two GPUs',
      TWO_GPUS,
      [
        { name: 'NVIDIA GeForce RTX 4090', vramTotalBytes: 24564 * MIB, vramUsedBytes: 18234 * MIB, utilisation: 0.87 },
        { name: 'NVIDIA GeForce RTX 3060', vramTotalBytes: 12288 * MIB, vramUsedBytes: 1043 * MIB, utilisation: 0.03 },
      ],
    ],
    ['a GPU with [N/A] utilisation, which is left out', NA_LINE, [{ name: 'NVIDIA A100-SXM4-80GB', vramTotalBytes: 81920 * MIB, vramUsedBytes: 40123 * MIB }]],
    ['[Not Supported] utilisation (older GeForce drivers)', 'NVIDIA GeForce GTX 750 Ti, 2048, 300, [Not Supported]\n', [{ name: 'NVIDIA GeForce GTX 750 Ti', vramTotalBytes: 2048 * MIB, vramUsedBytes: 300 * MIB }]],
    ['Windows line endings', 'Tesla T4, 15360, 0, 0\r\n', [{ name: 'Tesla T4', vramTotalBytes: 15360 * MIB, vramUsedBytes: 0, utilisation: 0 }]],
    ['a name with a comma', 'Quadro RTX 8000, Rev B, 49152, 10, 100\n', [{ name: 'Quadro RTX 8000, Rev B', vramTotalBytes: 49152 * MIB, vramUsedBytes: 10 * MIB, utilisation: 1 }]],
    ['a line without memory readings, skipped', 'NVIDIA Jetson, [N/A], [N/A], 12\nTesla T4, 15360, 100, 5\n', [{ name: 'Tesla T4', vramTotalBytes: 15360 * MIB, vramUsedBytes: 100 * MIB, utilisation: 0.05 }]],
    ['no output', '', []],
    ['an error message instead of CSV', 'NVIDIA-SMI has failed because it couldn\'t communicate with the NVIDIA driver.\n', []],
  ])('reads %s', (_name, output, expected) => {
    const gpus = parseNvidiaSmiGpus(output);
    expect(gpus).toEqual(expected);
    for (const gpu of gpus) expect(GpuResourceSchema.parse(gpu)).toEqual(gpu);
  });
});
