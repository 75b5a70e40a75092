import type { WorkerResources } from '@switchyard/contracts';
import { formatBytes, formatNumber, formatShare } from '../data/format';
import { Meter } from './Meter';

/** CPU, memory and GPUs of the worker's host. */
export function WorkerResourcesView({ resources }: { resources: WorkerResources }) {
  const { cpu, memory, gpus } = resources;
  const memoryUsed = memory.totalBytes - memory.availableBytes;
  return (
    <dl className="facts">
      <dt>CPU</dt>
      <dd>
        load {formatNumber(cpu.loadAverage1m, 2)} on {cpu.cores} cores · process {formatShare(cpu.processUtilisation)} of a core
      </dd>
      <dt>Memory</dt>
      <dd>
        <Meter value={memoryUsed} max={memory.totalBytes} text={`${formatBytes(memoryUsed)} of ${formatBytes(memory.totalBytes)} used · process ${formatBytes(memory.processRssBytes)}`} />
      </dd>
      {(gpus ?? []).map((gpu, index) => (
        <GpuFacts key={`${index}-${gpu.name}`} index={index} gpu={gpu} />
      ))}
    </dl>
  );
}

function GpuFacts({ index, gpu }: { index: number; gpu: NonNullable<WorkerResources['gpus']>[number] }) {
  return (
    <>
      <dt>GPU {index}</dt>
      <dd>
        <div>
          {gpu.name}
          {gpu.utilisation !== undefined ? ` · ${formatShare(gpu.utilisation)} busy` : ''}
        </div>
        <Meter value={gpu.vramUsedBytes} max={gpu.vramTotalBytes} text={`VRAM ${formatBytes(gpu.vramUsedBytes)} of ${formatBytes(gpu.vramTotalBytes)}`} />
      </dd>
    </>
  );
}
