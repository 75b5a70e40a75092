import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConfigSchema } from '@switchyard/config';
import { workspaceRoot } from '@switchyard/testing';
import { parse as parseYaml } from 'yaml';
import { switchyardSeries } from './exported-series';
import { readDashboard } from './grafana-dashboard';
import { checkExpression } from './promql/check';
import { promtool } from './promtool';

const PROMETHEUS = join(workspaceRoot(), 'deploy', 'prometheus');
const CONFIG_FILE = join(PROMETHEUS, 'prometheus.yml');
const RULES_FILE = join(PROMETHEUS, 'switchyard.rules.yml');
const RULE_TESTS_FILE = join(PROMETHEUS, 'tests', 'switchyard.rules.test.yml');

interface ScrapeConfig {
  job_name: string;
  static_configs: Array<{ targets: string[] }>;
}
interface Rule {
  record?: string;
  alert?: string;
  expr: string;
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
}

const readYaml = <T>(path: string): T => parseYaml(readFileSync(path, 'utf8')) as T;

describe('the Prometheus configuration (deploy/prometheus)', () => {
  const config = readYaml<{ global: Record<string, string>; rule_files: string[]; scrape_configs: ScrapeConfig[] }>(CONFIG_FILE);

  it('passes promtool check config, rule files included', () => {
    const result = promtool('check', 'config', CONFIG_FILE);
    expect(result).toMatchObject({ status: 0 });
    expect(result.output).toContain('SUCCESS: 1 rule files found');
  });

  it('scrapes each service as its own job at its compose names and default port, every 15 s', () => {
    const defaults = ConfigSchema.parse({});
    const ports = {
      gateway: defaults.gateway.port,
      router: defaults.router.port,
      'worker-local': defaults.workerLocal.port,
      'worker-cloud': defaults.workerCloud.port,
      metrics: defaults.metrics.port,
    };
    expect(config.global['scrape_interval']).toBe('15s');
    expect(Object.fromEntries(config.scrape_configs.map((s) => [s.job_name, s.static_configs.flatMap((c) => c.targets)]))).toEqual(
      Object.fromEntries(
        Object.entries(ports).map(([job, port]) => [job, job === 'worker-cloud' ? [`${job}:${port}`, `${job}-anthropic:${port}`] : [`${job}:${port}`]]),
      ),
    );
  });

  it('names the jobs the dashboard lets you pick as services', () => {
    const dashboard = readDashboard(join(workspaceRoot(), 'deploy', 'grafana', 'dashboards', 'switchyard.json'));
    const services = dashboard.templating?.list?.find((v) => v.name === 'job');
    const offered = (services?.options ?? []).map((o) => o.value).filter((v) => v !== '$__all');
    expect(offered.sort()).toEqual(config.scrape_configs.map((s) => s.job_name).sort());
  });
});

describe('the rules (deploy/prometheus/switchyard.rules.yml)', () => {
  const groups = readYaml<{ groups: Array<{ name: string; rules: Rule[] }> }>(RULES_FILE).groups;

  it('pass promtool check rules', () => {
    expect(promtool('check', 'rules', RULES_FILE)).toMatchObject({ status: 0 });
  });

  it('pass their unit tests (promtool test rules)', () => {
    const result = promtool('test', 'rules', RULE_TESTS_FILE);
    expect({ status: result.status, output: result.output }).toEqual({ status: 0, output: expect.stringContaining('SUCCESS') });
  });

  it('use only series and labels the stack exports, recorded series included', () => {
    const series = new Map(switchyardSeries());
    const problems: string[] = [];
    for (const rule of groups.flatMap((g) => g.rules)) {
      const name = rule.record ?? rule.alert ?? '?';
      const report = checkExpression(rule.expr, series);
      problems.push(...report.problems.map((p) => `${name}: ${p}`));
      const labels = [...(report.labels ?? []), ...Object.keys(rule.labels ?? {})];
      if (rule.record) series.set(rule.record, labels);
      // An annotation naming a label the alert lacks renders empty.
      const annotated = Object.values(rule.annotations ?? {}).flatMap((text) => [...text.matchAll(/\$labels\.(\w+)/g)].map((m) => m[1]));
      problems.push(...annotated.filter((label) => !labels.includes(label)).map((label) => `${name}: annotation uses $labels.${label}, which the alert lacks`));
    }
    expect(problems).toEqual([]);
  });

  it('are checked for real: promtool and the checker reject a broken rule', () => {
    const dir = mkdtempSync(join(tmpdir(), 'switchyard-rules-'));
    try {
      const broken = join(dir, 'broken.rules.yml');
      writeFileSync(broken, 'groups:\n  - name: broken\n    rules:\n      - record: x:y\n        expr: sum(rate(switchyard_requests_total[5m])\n');
      expect(promtool('check', 'rules', broken).status).not.toBe(0);
      expect(checkExpression('sum by (backend) (rate(switchyard_request_total[5m]))', switchyardSeries()).problems).toEqual([
        'unknown metric "switchyard_request_total"; did you mean "switchyard_requests_total"?',
      ]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
