import type { Expr, VectorMatching } from './ast';
import { parsePromQL, PromQLSyntaxError } from './parse';

/** The series a Prometheus holds, by name, each with every label a series of that name can carry. */
export type SeriesCatalogue = ReadonlyMap<string, readonly string[]>;

/** What `checkExpression` found. */
export interface ExpressionReport {
  /** The metric names the expression selects, in order of appearance. */
  metrics: string[];
  /** One sentence per problem; empty when the expression only uses series and labels that exist. */
  problems: string[];
  /** The labels of the result; null for a scalar or when a problem leaves them unknown. */
  labels: string[] | null;
}

/** Functions taking a range vector (`[5m]` or a subquery), by the position of that argument. */
const RANGE_ARGUMENT: Record<string, number> = {
  rate: 0,
  irate: 0,
  increase: 0,
  delta: 0,
  idelta: 0,
  deriv: 0,
  changes: 0,
  resets: 0,
  predict_linear: 0,
  holt_winters: 0,
  absent_over_time: 0,
  present_over_time: 0,
  avg_over_time: 0,
  min_over_time: 0,
  max_over_time: 0,
  sum_over_time: 0,
  count_over_time: 0,
  last_over_time: 0,
  stddev_over_time: 0,
  stdvar_over_time: 0,
  quantile_over_time: 1,
};
/** Functions of instant vectors and scalars (Prometheus 2.42) whose result keeps the vector's labels. */
const INSTANT_FUNCTIONS = new Set(
  ('abs ceil floor round sqrt exp ln log2 log10 sgn clamp clamp_min clamp_max sort sort_desc timestamp ' +
    'day_of_month day_of_week day_of_year days_in_month hour minute month year ' +
    'acos acosh asin asinh atan atanh cos cosh sin sinh tan tanh deg rad').split(' '),
);
const SCALAR_FUNCTIONS = new Set(['time', 'pi', 'scalar']);
/** Aggregations whose result keeps each input series' labels (they select series rather than combine them). */
const SELECTING_AGGREGATIONS = new Set(['topk', 'bottomk', 'limitk', 'limit_ratio']);

type Shape = { kind: 'scalar' } | { kind: 'vector' | 'range'; labels: ReadonlySet<string> } | { kind: 'unknown' };

const SCALAR: Shape = { kind: 'scalar' };
const UNKNOWN: Shape = { kind: 'unknown' };

/**
 * Parses `expression` and checks it against `catalogue`: every metric it selects exists, and every
 * label it names (in matchers, `by`/`without`, `on`/`ignoring`/`group_*`, `histogram_quantile`'s `le`,
 * `label_replace` sources) is one the series at that point of the expression carry. Label sets are
 * followed through aggregations, so `by (backend)` around a `sum by (le)` is caught too.
 */
export function checkExpression(expression: string, catalogue: SeriesCatalogue): ExpressionReport {
  const checker = new Checker(catalogue);
  let shape: Shape;
  try {
    shape = checker.shape(parsePromQL(expression));
  } catch (error) {
    if (!(error instanceof PromQLSyntaxError)) throw error;
    return { metrics: [], problems: [`syntax: ${error.message}`], labels: null };
  }
  const labels = shape.kind === 'vector' && checker.problems.length === 0 ? [...shape.labels].sort() : null;
  return { metrics: checker.metrics, problems: checker.problems, labels };
}

class Checker {
  readonly metrics: string[] = [];
  readonly problems: string[] = [];

  constructor(private readonly catalogue: SeriesCatalogue) {}

  shape(expr: Expr): Shape {
    switch (expr.type) {
      case 'number':
      case 'string':
      case 'variable':
        return SCALAR;
      case 'selector':
        return this.selector(expr);
      case 'paren':
      case 'unary':
        return this.shape(expr.expr);
      case 'subquery': {
        const inner = this.instant(expr.expr, 'a subquery');
        return inner.kind === 'vector' ? { kind: 'range', labels: inner.labels } : inner;
      }
      case 'call':
        return this.call(expr.func, expr.args);
      case 'aggregate':
        return this.aggregate(expr);
      case 'binary':
        return this.binary(expr);
    }
  }

  private selector(expr: Extract<Expr, { type: 'selector' }>): Shape {
    const name = expr.name ?? expr.matchers.find((m) => m.label === '__name__' && m.op === '=')?.value;
    if (!name) return this.problem('a selector without a metric name cannot be checked');
    this.metrics.push(name);
    const labels = this.catalogue.get(name);
    if (!labels) return this.problem(`unknown metric "${name}"${suggest(name, [...this.catalogue.keys()])}`);
    for (const { label } of expr.matchers) {
      if (label !== '__name__' && !labels.includes(label)) this.noLabel(`${name}{${label}=…}`, label, labels);
    }
    return { kind: expr.range === null ? 'vector' : 'range', labels: new Set(labels) };
  }

  private call(func: string, args: Expr[]): Shape {
    const shapes = args.map((arg) => this.shape(arg));
    if (SCALAR_FUNCTIONS.has(func)) return SCALAR;
    if (func === 'vector') return { kind: 'vector', labels: new Set() };
    if (func === 'absent') return this.expectInstant(shapes[0], 'absent()') ? { kind: 'vector', labels: new Set() } : UNKNOWN;
    const rangeAt = RANGE_ARGUMENT[func];
    if (rangeAt !== undefined) {
      const arg = shapes[rangeAt];
      if (arg?.kind === 'unknown') return UNKNOWN;
      if (arg?.kind !== 'range') return this.problem(`${func}() needs a range vector (e.g. [5m]) as argument ${rangeAt + 1}`);
      return { kind: 'vector', labels: func === 'absent_over_time' ? new Set() : arg.labels };
    }
    if (func === 'histogram_quantile') return this.histogramQuantile(shapes[1]);
    if (func === 'label_replace' || func === 'label_join') return this.labelFunction(func, shapes[0], args);
    if (!INSTANT_FUNCTIONS.has(func)) return this.problem(`unknown function ${func}()`);
    const vector = shapes.find((s) => s.kind !== 'scalar');
    return vector ? this.instantShape(vector, `${func}()`) : this.problem(`${func}() needs an instant vector`);
  }

  private histogramQuantile(arg: Shape | undefined): Shape {
    if (!arg || arg.kind === 'unknown') return UNKNOWN;
    const vector = this.instantShape(arg, 'histogram_quantile()');
    if (vector.kind !== 'vector') return vector;
    if (!vector.labels.has('le')) return this.problem(`histogram_quantile() needs the "le" label: select a *_bucket series and keep le (e.g. sum by (le) (…)); it has ${list(vector.labels)}`);
    return { kind: 'vector', labels: without(vector.labels, ['le']) };
  }

  private labelFunction(func: string, arg: Shape | undefined, args: Expr[]): Shape {
    const strings = args.slice(1).map((a) => (a.type === 'string' ? a.value : null));
    if (!arg || arg.kind === 'unknown') return UNKNOWN;
    const vector = this.instantShape(arg, `${func}()`);
    if (vector.kind !== 'vector') return vector;
    const [destination] = strings;
    const sources = func === 'label_replace' ? [strings[2]] : strings.slice(2);
    if (!destination || sources.some((s) => s === null)) return this.problem(`${func}() takes label names as string literals`);
    for (const source of sources) if (source && !vector.labels.has(source)) this.noLabel(`${func}()`, source, [...vector.labels]);
    return { kind: 'vector', labels: new Set([...vector.labels, destination]) };
  }

  private aggregate(expr: Extract<Expr, { type: 'aggregate' }>): Shape {
    if (expr.param) this.shape(expr.param);
    const inner = this.instant(expr.expr, `${expr.op}()`);
    if (inner.kind !== 'vector') return inner;
    const grouping = expr.grouping;
    for (const label of grouping?.labels ?? []) {
      if (!inner.labels.has(label)) this.noLabel(`${expr.op} ${grouping?.kind} (…)`, label, [...inner.labels]);
    }
    let labels: ReadonlySet<string>;
    if (SELECTING_AGGREGATIONS.has(expr.op)) labels = inner.labels;
    else if (grouping?.kind === 'by') labels = new Set(grouping.labels);
    else if (grouping?.kind === 'without') labels = without(inner.labels, grouping.labels);
    else labels = new Set();
    if (expr.op === 'count_values' && expr.param?.type === 'string') labels = new Set([...labels, expr.param.value]);
    return { kind: 'vector', labels };
  }

  private binary(expr: Extract<Expr, { type: 'binary' }>): Shape {
    const lhs = this.instant(expr.lhs, `the left side of "${expr.op}"`);
    const rhs = this.instant(expr.rhs, `the right side of "${expr.op}"`);
    if (lhs.kind === 'unknown' || rhs.kind === 'unknown') return UNKNOWN;
    if (lhs.kind === 'scalar') return rhs;
    if (rhs.kind === 'scalar') return lhs;
    if (lhs.kind !== 'vector' || rhs.kind !== 'vector') return UNKNOWN;
    const matching = expr.matching;
    if (matching) return this.matched(expr.op, matching, lhs.labels, rhs.labels);
    if (expr.op === 'or') return { kind: 'vector', labels: new Set([...lhs.labels, ...rhs.labels]) };
    if (expr.op !== 'and' && expr.op !== 'unless' && !sameSet(lhs.labels, rhs.labels)) {
      return this.problem(
        `the two sides of "${expr.op}" have different labels (left: ${list(lhs.labels)}; right: ${list(rhs.labels)}), so no series match: aggregate both alike or use on (…)/ignoring (…)`,
      );
    }
    return { kind: 'vector', labels: lhs.labels };
  }

  private matched(op: string, matching: VectorMatching, lhs: ReadonlySet<string>, rhs: ReadonlySet<string>): Shape {
    for (const [side, labels] of [['left', lhs], ['right', rhs]] as const) {
      for (const label of matching.labels) if (!labels.has(label)) this.noLabel(`${matching.kind} (…) on the ${side} side of "${op}"`, label, [...labels]);
    }
    const group = matching.group;
    if (group) {
      const other = group.side === 'left' ? rhs : lhs;
      for (const label of group.labels) if (!other.has(label)) this.noLabel(`group_${group.side} (…)`, label, [...other]);
      return { kind: 'vector', labels: new Set([...(group.side === 'left' ? lhs : rhs), ...group.labels]) };
    }
    if (['and', 'or', 'unless'].includes(op)) return { kind: 'vector', labels: op === 'or' ? new Set([...lhs, ...rhs]) : lhs };
    return { kind: 'vector', labels: matching.kind === 'on' ? new Set(matching.labels) : without(lhs, matching.labels) };
  }

  /** The shape of `expr`, which must be an instant vector or a scalar. */
  private instant(expr: Expr, where: string): Shape {
    return this.instantShape(this.shape(expr), where);
  }

  private instantShape(shape: Shape, where: string): Shape {
    return this.expectInstant(shape, where) ? shape : UNKNOWN;
  }

  private expectInstant(shape: Shape | undefined, where: string): boolean {
    if (shape?.kind !== 'range') return true;
    this.problem(`${where} needs an instant vector, not a range (wrap it in rate(), increase(), …)`);
    return false;
  }

  private noLabel(where: string, label: string, has: readonly string[]): void {
    this.problems.push(`${where}: no label "${label}" there${suggest(label, has)} (it has ${list(has)})`);
  }

  private problem(message: string): Shape {
    this.problems.push(message);
    return UNKNOWN;
  }
}

function without(labels: ReadonlySet<string>, removed: readonly string[]): ReadonlySet<string> {
  return new Set([...labels].filter((l) => !removed.includes(l)));
}

function sameSet(a: ReadonlySet<string>, b: ReadonlySet<string>): boolean {
  return a.size === b.size && [...a].every((x) => b.has(x));
}

function list(labels: Iterable<string>): string {
  const sorted = [...labels].sort();
  return sorted.length ? sorted.join(', ') : 'no labels';
}

/**
 * `; did you mean "x"?` naming the candidates that extend `word` (`x` → `x_bucket`, `x_sum`, `x_count`),
 * else the closest one within a few edits, else nothing.
 */
function suggest(word: string, candidates: readonly string[]): string {
  const extensions = candidates.filter((c) => c.startsWith(`${word}_`)).sort();
  if (extensions.length > 0) return `; did you mean ${extensions.map((c) => `"${c}"`).join(' or ')}?`;
  let best: { candidate: string; distance: number } | undefined;
  for (const candidate of candidates) {
    const distance = editDistance(word, candidate);
    if (!best || distance < best.distance) best = { candidate, distance };
  }
  return best && best.distance <= Math.max(2, Math.floor(word.length / 6)) ? `; did you mean "${best.candidate}"?` : '';
}

function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) current[j] = Math.min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
    previous = current;
  }
  return previous[b.length];
}
