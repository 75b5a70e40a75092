import type { Registry } from 'prom-client';

/** The sample lines of metric `name` (its series, and a histogram's `_bucket`, `_sum`, `_count`), comments left out. */
export async function metricLines(registry: Registry, name: string): Promise<string[]> {
  const text = await registry.metrics();
  return text.split('\n').filter((line) => !line.startsWith('#') && (line.startsWith(`${name}{`) || line.startsWith(`${name} `) || line.startsWith(`${name}_`)));
}

/** The sum of every sample of a counter or gauge `name` in Prometheus text. */
export function sumOf(text: string, name: string): number {
  return text
    .split('\n')
    .filter((line) => line.startsWith(`${name}{`) || line.startsWith(`${name} `))
    .reduce((sum, line) => sum + Number(line.slice(line.lastIndexOf(' ') + 1)), 0);
}
