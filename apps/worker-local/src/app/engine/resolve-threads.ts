/**
 * CPU threads per llama.cpp evaluation. A configured value > 0 is used as is; 0 means "pick for
 * this machine": one core is left to the Node event loop, NATS and neighbouring processes, so
 * `cores - 1`, at least 1 (`cores` is node-llama-cpp's count of math cores).
 *
 * Why not one per core: ggml's worker threads meet at a spinning barrier between the operations of
 * every token. When they need every core, any other runnable thread (our event loop streaming
 * tokens, the NATS client, another service) deschedules one of them and the others spin. Measured
 * on the project's 2-core machines (node-llama-cpp 3.22.1, CPU, in-process, context 512,
 * 200 tokens, the second of two runs):
 *
 * | model               | threads 1   | threads 2   |
 * |---------------------|-------------|-------------|
 * | stories260K         | 820–910 t/s | 15–32 t/s   |
 * | llama-2-tiny-random | 813 t/s     | 14.6 t/s    |
 *
 * (node-llama-cpp's own default here, 4 threads, gave about 6 t/s.) On larger machines leaving one
 * core free costs little and keeps clear of the same cliff.
 */
export function resolveThreads(configured: number, cores: number): number {
  if (configured > 0) return configured;
  return Math.max(1, cores - 1);
}
