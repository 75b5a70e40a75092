import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DOMAIN_METRICS, ROUTER_METRICS } from '@switchyard/contracts';
import { workspaceRoot } from '@switchyard/testing';
import { parse as parseYaml } from 'yaml';
import { switchyardSeries } from './exported-series';
import { allPanels, BUILT_IN_VARIABLES, panelQueries, parseDashboard, variableQuery, variablesIn, type GrafanaDashboard } from './grafana-dashboard';
import { checkExpression } from './promql/check';

const GRAFANA = join(workspaceRoot(), 'deploy', 'grafana');
const DASHBOARD_FILE = join(GRAFANA, 'dashboards', 'switchyard.json');
const DATASOURCE = { type: 'prometheus', uid: '${DS_PROMETHEUS}' };

const source = readFileSync(DASHBOARD_FILE, 'utf8');
const dashboard = parseDashboard(source);
const catalogue = switchyardSeries();
const queries = panelQueries(dashboard);
/** The domain metrics: the metrics service's and each router's own. */
const METRICS = [...Object.values(DOMAIN_METRICS), ...Object.values(ROUTER_METRICS)];

/** Every problem of every query of `board`, as `panel / refId: problem`. */
function problemsOf(board: GrafanaDashboard): string[] {
  return panelQueries(board).flatMap((q) => checkExpression(q.expr, catalogue).problems.map((p) => `${q.panel} / ${q.refId}: ${p}`));
}

/** `name` with one letter dropped after `switchyard_`: a plausible typo. */
function misspell(name: string): string {
  return name.slice(0, 12) + name.slice(13);
}

describe('the Grafana dashboard (deploy/grafana/dashboards/switchyard.json)', () => {
  it('is a Grafana 10+ dashboard with a fixed uid and title', () => {
    expect(dashboard).toMatchObject({ uid: 'switchyard-overview', title: 'Switchyard' });
    expect(dashboard.schemaVersion).toBeGreaterThanOrEqual(38);
  });

  it('gives every panel a unique id and a title, and every non-row panel queries', () => {
    const panels = allPanels(dashboard);
    expect(panels.length).toBeGreaterThan(20);
    const ids = panels.map((p) => p.id);
    expect(ids.filter((id) => !Number.isInteger(id))).toEqual([]);
    expect(ids.filter((id, i) => ids.indexOf(id) !== i)).toEqual([]);
    const faults = panels.flatMap((panel) => {
      const name = `panel ${panel.id} (${panel.title ?? 'untitled'})`;
      const targets = panel.targets ?? [];
      const refIds = targets.map((t) => t.refId);
      return [
        ...(panel.title?.trim() ? [] : [`${name}: no title`]),
        // Rows only group panels: they have no queries of their own.
        ...(panel.type !== 'row' && targets.length === 0 ? [`${name}: no target`] : []),
        ...(targets.some((t) => !t.expr?.trim()) ? [`${name}: a target without a query`] : []),
        ...(new Set(refIds).size !== refIds.length ? [`${name}: repeated refId`] : []),
      ];
    });
    expect(faults).toEqual([]);
  });

  it('reads every panel from the data source the ${DS_PROMETHEUS} variable picks', () => {
    const variable = dashboard.templating?.list?.find((v) => v.name === 'DS_PROMETHEUS');
    expect(variable).toMatchObject({ type: 'datasource', query: 'prometheus' });
    for (const panel of allPanels(dashboard).filter((p) => p.type !== 'row')) {
      expect({ panel: panel.title, datasource: panel.datasource }).toEqual({ panel: panel.title, datasource: DATASOURCE });
      for (const target of panel.targets ?? []) expect({ panel: panel.title, datasource: target.datasource }).toEqual({ panel: panel.title, datasource: DATASOURCE });
    }
  });

  it('lays the panels out on the 24-column grid without overlaps', () => {
    const boxes = allPanels(dashboard).map((p) => ({ title: p.title, box: p.gridPos ?? { x: -1, y: 0, w: 0, h: 0 } }));
    expect(boxes.filter(({ box }) => !(box.x >= 0 && box.w > 0 && box.h > 0 && box.x + box.w <= 24)).map((b) => b.title)).toEqual([]);
    const overlaps = boxes.flatMap(({ title, box: a }, i) =>
      boxes
        .slice(i + 1)
        .filter(({ box: b }) => a.x < b.x + b.w && b.x < a.x + a.w && a.y < b.y + b.h && b.y < a.y + a.h)
        .map((b) => `${title} / ${b.title}`),
    );
    expect(overlaps).toEqual([]);
  });

  it.each(queries.map((q) => [q.panel, q.refId, q] as const))('%s / %s uses only series and labels the stack exports', (_panel, _refId, query) => {
    const report = checkExpression(query.expr, catalogue);
    expect(report.problems).toEqual([]);
    // A legend naming a label the result lacks shows blank.
    const legendLabels = [...query.legendFormat.matchAll(/\{\{\s*(\w+)\s*\}\}/g)].map((m) => m[1]);
    expect(legendLabels.filter((label) => !report.labels?.includes(label))).toEqual([]);
  });

  it('uses only variables it defines and Grafana built-ins', () => {
    const defined = new Set([...(dashboard.templating?.list ?? []).map((v) => v.name), ...BUILT_IN_VARIABLES]);
    const used = queries.flatMap((q) => variablesIn(q.expr));
    expect(used.length).toBeGreaterThan(0);
    expect(used.filter((name) => !defined.has(name))).toEqual([]);
  });

  it('fills its query variables from series and labels that exist', () => {
    const variableQueries = (dashboard.templating?.list ?? []).map(variableQuery).filter((q): q is string => q !== undefined);
    expect(variableQueries.length).toBeGreaterThan(0);
    for (const query of variableQueries) {
      const match = /^label_values\((.+),\s*(\w+)\)$/.exec(query);
      expect({ query, match: Boolean(match) }).toEqual({ query, match: true });
      const report = checkExpression(match?.[1] ?? '', catalogue);
      expect({ query, problems: report.problems, hasLabel: report.labels?.includes(match?.[2] ?? '') }).toEqual({ query, problems: [], hasLabel: true });
    }
  });

  it('shows every domain metric of the catalogue and the process metrics', () => {
    const used = new Set(queries.flatMap((q) => checkExpression(q.expr, catalogue).metrics));
    const missing = METRICS
      .filter((m) => ![m.name, `${m.name}_bucket`, `${m.name}_sum`, `${m.name}_count`].some((series) => used.has(series)))
      .map((m) => m.name);
    expect(missing).toEqual([]);
    expect([...used].filter((name) => /^(process|nodejs)_/.test(name)).sort()).toEqual(
      expect.arrayContaining(['nodejs_eventloop_lag_p99_seconds', 'process_cpu_seconds_total', 'process_resident_memory_bytes']),
    );
  });

  it('is clean now, so the checks below fail only because of what they change', () => {
    expect(problemsOf(dashboard)).toEqual([]);
  });

  it.each(METRICS.map((m) => [m.name, misspell(m.name)]))('fails when %s is misspelt as %s', (name, typo) => {
    const problems = problemsOf(parseDashboard(source.split(name).join(typo)));
    expect(problems.length).toBeGreaterThan(0);
    expect(problems.every((p) => p.includes(`unknown metric "${typo}`))).toBe(true);
  });

  it.each([
    ['a misspelt label in a grouping', 'sum by (model, backend, status)', 'sum by (modle, backend, status)', /no label "modle"/],
    ['a label of another metric in a matcher', 'switchyard_worker_queued)', 'switchyard_worker_queued{gpu=\\"0\\"})', /no label "gpu"/],
    ['a misspelt process metric', 'process_resident_memory_bytes', 'process_resident_memory', /unknown metric "process_resident_memory"/],
    ['a percentile that lost le', 'sum by (le, backend)', 'sum by (backend)', /needs the "le" label/],
  ])('fails on %s', (_name, from, to, problem) => {
    expect(source.includes(from)).toBe(true);
    expect(problemsOf(parseDashboard(source.split(from).join(to)))).toEqual(expect.arrayContaining([expect.stringMatching(problem)]));
  });
});

describe('the Grafana provisioning files (deploy/grafana/provisioning)', () => {
  const read = (path: string): Record<string, unknown> => parseYaml(readFileSync(join(GRAFANA, 'provisioning', path), 'utf8'));

  it('provisions one default Prometheus data source', () => {
    const { apiVersion, datasources } = read('datasources/prometheus.yml') as { apiVersion: number; datasources: Array<Record<string, unknown>> };
    expect(apiVersion).toBe(1);
    expect(datasources).toEqual([expect.objectContaining({ type: 'prometheus', uid: 'prometheus', url: 'http://prometheus:9090', isDefault: true, access: 'proxy' })]);
  });

  it('provisions the dashboards folder from files', () => {
    const { apiVersion, providers } = read('dashboards/switchyard.yml') as { apiVersion: number; providers: Array<Record<string, unknown>> };
    expect(apiVersion).toBe(1);
    expect(providers).toEqual([expect.objectContaining({ type: 'file', folder: 'Switchyard', options: { path: '/var/lib/grafana/dashboards/switchyard' } })]);
  });
});
