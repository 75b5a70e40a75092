import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort, waitFor } from '@switchyard/testing';
import { stringify } from 'yaml';

/** One sample of an instant query's answer. */
export interface PromSample {
  metric: Record<string, string>;
  value: number;
}

/** A real Prometheus of the suite's own. */
export interface PrometheusServer {
  url: string;
  /** Runs an instant query; rejects with Prometheus's error for a bad one. A scalar comes back as one sample without labels. */
  query(expr: string): Promise<PromSample[]>;
  /** The rule groups as `/api/v1/rules` reports them. */
  rules(): Promise<Array<{ name: string; rules: Array<{ name: string; health: string; lastError?: string; lastEvaluation: string }> }>>;
  /** Everything it logged. */
  output: string[];
  stop(): Promise<void>;
}

const BINARY = process.env['PROMETHEUS_BIN'] ?? 'prometheus';

/** Throws, saying how to install it, when no Prometheus binary runs here. */
export function requirePrometheus(): void {
  const run = spawnSync(BINARY, ['--version'], { stdio: 'ignore' });
  if (run.error || run.status !== 0) {
    throw new Error(
      `This suite needs a Prometheus binary ("${BINARY}" did not run). Install it with \`sudo apt-get install -y prometheus\` ` +
        '(Debian/Ubuntu; .ci/run does this in CI), or download it from https://prometheus.io/download/ and set PROMETHEUS_BIN to its path.',
    );
  }
}

/**
 * Starts Prometheus on a free loopback port with a generated configuration: one job per target,
 * scraped every `scrapeInterval`, the given rule files evaluated as often, storage in a temporary
 * folder removed on `stop()`.
 */
export async function startPrometheus(options: { targets: Array<{ job: string; address: string }>; ruleFiles?: string[]; scrapeInterval?: string }): Promise<PrometheusServer> {
  requirePrometheus();
  const interval = options.scrapeInterval ?? '1s';
  const dir = mkdtempSync(join(tmpdir(), 'switchyard-prometheus-'));
  const configFile = join(dir, 'prometheus.yml');
  writeFileSync(
    configFile,
    stringify({
      global: { scrape_interval: interval, scrape_timeout: interval, evaluation_interval: interval },
      rule_files: options.ruleFiles ?? [],
      scrape_configs: options.targets.map((t) => ({ job_name: t.job, static_configs: [{ targets: [t.address] }] })),
    }),
  );
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const child = spawn(BINARY, [`--config.file=${configFile}`, `--storage.tsdb.path=${join(dir, 'data')}`, `--web.listen-address=127.0.0.1:${port}`], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const output: string[] = [];
  child.stdout?.on('data', (b: Buffer) => output.push(b.toString()));
  child.stderr?.on('data', (b: Buffer) => output.push(b.toString()));
  const stop = async (): Promise<void> => {
    if (child.exitCode === null && child.signalCode === null) {
      const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 5_000);
      await exited;
      clearTimeout(timer);
    }
    rmSync(dir, { recursive: true, force: true });
  };
  await waitFor(async () => (await fetch(`${url}/-/ready`)).ok, 15_000, 'Prometheus to be ready').catch(async (error: Error) => {
    await stop();
    throw new Error(`${error.message}\n--- prometheus output ---\n${output.join('')}`);
  });
  const api = async <T>(path: string): Promise<T> => {
    const body = (await (await fetch(`${url}/api/v1/${path}`)).json()) as { status: string; data: T; error?: string };
    if (body.status !== 'success') throw new Error(`Prometheus answered ${body.status} to ${path}: ${body.error}`);
    return body.data;
  };
  return {
    url,
    output,
    stop,
    query: async (expr) => {
      const data = await api<{ resultType: string; result: unknown }>(`query?query=${encodeURIComponent(expr)}`);
      if (data.resultType === 'scalar') return [{ metric: {}, value: Number((data.result as [number, string])[1]) }];
      const result = data.result as Array<{ metric: Record<string, string>; value: [number, string] }>;
      return result.map((s) => ({ metric: s.metric, value: Number(s.value[1]) }));
    },
    rules: async () => (await api<{ groups: Awaited<ReturnType<PrometheusServer['rules']>> }>('rules')).groups,
  };
}
