import { z } from 'zod';

/** One GPU as the worker's inference engine sees it. */
export const GpuResourceSchema = z.object({
  /** Device name (`NVIDIA GeForce RTX 4090`). */
  name: z.string(),
  /** Total and used video memory, in bytes. */
  vramTotalBytes: z.number().min(0),
  vramUsedBytes: z.number().min(0),
  /** Compute utilisation 0..1, when the driver reports it. */
  utilisation: z.number().min(0).max(1).optional(),
});

/** The host resources a worker reports with each heartbeat. */
export const WorkerResourcesSchema = z.object({
  cpu: z.object({
    /** Logical cores. */
    cores: z.number().int().min(1),
    /** One-minute load average of the host. */
    loadAverage1m: z.number().min(0),
    /** Share of one core this process used since the previous reading (can exceed 1 with threads). */
    processUtilisation: z.number().min(0),
  }),
  memory: z.object({
    totalBytes: z.number().min(0),
    availableBytes: z.number().min(0),
    /** Resident memory of the worker process. */
    processRssBytes: z.number().min(0),
  }),
  /** Present when inference runs on GPUs (CUDA, Vulkan, Metal). */
  gpus: z.array(GpuResourceSchema).optional(),
});

export type GpuResource = z.infer<typeof GpuResourceSchema>;
export type WorkerResources = z.infer<typeof WorkerResourcesSchema>;
