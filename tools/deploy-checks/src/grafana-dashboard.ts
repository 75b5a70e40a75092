import { readFileSync } from 'node:fs';

/** The parts of Grafana's dashboard JSON model the checks read (https://grafana.com/docs/grafana/latest/dashboards/build-dashboards/view-dashboard-json-model/). */
export interface DataSourceRef {
  type?: string;
  uid?: string;
}

export interface GrafanaTarget {
  refId?: string;
  expr?: string;
  legendFormat?: string;
  datasource?: DataSourceRef;
}

export interface GridPos {
  x: number;
  y: number;
  w: number;
  h: number;
}

export interface GrafanaPanel {
  id?: number;
  type?: string;
  title?: string;
  gridPos?: GridPos;
  datasource?: DataSourceRef;
  targets?: GrafanaTarget[];
  /** A collapsed row keeps its panels here. */
  panels?: GrafanaPanel[];
}

export interface GrafanaVariable {
  name: string;
  type: string;
  query?: string | { query?: string };
  datasource?: DataSourceRef;
  options?: Array<{ value: string }>;
}

export interface GrafanaDashboard {
  uid?: string;
  title?: string;
  schemaVersion?: number;
  panels?: GrafanaPanel[];
  templating?: { list?: GrafanaVariable[] };
}

/** One PromQL query of a panel, with where it sits. */
export interface PanelQuery {
  panel: string;
  refId: string;
  expr: string;
  legendFormat: string;
}

/** Grafana's own variables that may appear in a query. */
export const BUILT_IN_VARIABLES = ['__rate_interval', '__interval', '__interval_ms', '__range', '__range_s', '__range_ms'];

export function parseDashboard(json: string): GrafanaDashboard {
  return JSON.parse(json) as GrafanaDashboard;
}

export function readDashboard(path: string): GrafanaDashboard {
  return parseDashboard(readFileSync(path, 'utf8'));
}

/** Every panel, rows' nested panels included, in order. */
export function allPanels(dashboard: GrafanaDashboard): GrafanaPanel[] {
  return (dashboard.panels ?? []).flatMap((panel) => [panel, ...(panel.panels ?? [])]);
}

/** Every query of every panel that is not a row. */
export function panelQueries(dashboard: GrafanaDashboard): PanelQuery[] {
  return allPanels(dashboard)
    .filter((panel) => panel.type !== 'row')
    .flatMap((panel) =>
      (panel.targets ?? []).map((target) => ({ panel: panel.title ?? `panel ${panel.id}`, refId: target.refId ?? '?', expr: target.expr ?? '', legendFormat: target.legendFormat ?? '' })),
    );
}

/** The query text of a query variable (`label_values(…)`), or undefined for other kinds. */
export function variableQuery(variable: GrafanaVariable): string | undefined {
  if (variable.type !== 'query') return undefined;
  return typeof variable.query === 'string' ? variable.query : variable.query?.query;
}

/** Names of the `$name`, `${name}` and `${name:format}` variables a text uses (`$1` is a regex group, not a variable). */
export function variablesIn(text: string): string[] {
  return [...text.matchAll(/\$(?:\{(\w+)(?::[^}]*)?\}|(\w+))/g)].map((m) => m[1] ?? m[2]).filter((name) => !/^\d+$/.test(name));
}
