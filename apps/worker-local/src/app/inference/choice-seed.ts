/** Seeds are unsigned 32-bit integers in llama.cpp. */
const SEED_RANGE = 2 ** 32;

/**
 * The sampler seed of choice `index`: `seed + index` when the request has a seed (choices differ, and
 * repeat with the same seed), folded into llama.cpp's unsigned 32-bit range (node-llama-cpp would
 * turn every negative seed into 0); a random seed otherwise, since node-llama-cpp's default, the
 * current second, would repeat the same answer for requests within one second.
 */
export function choiceSeed(seed: number | undefined, index: number, random: () => number = Math.random): number {
  if (seed === undefined) return Math.floor(random() * SEED_RANGE);
  return (((seed + index) % SEED_RANGE) + SEED_RANGE) % SEED_RANGE;
}
