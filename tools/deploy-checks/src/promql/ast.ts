/** The PromQL syntax tree the checks walk. Modifiers that change no label (`offset`, `@`) are dropped. */

/** `label op "value"` inside `{…}`. */
export interface LabelMatcher {
  label: string;
  op: '=' | '!=' | '=~' | '!~';
  value: string;
}

/** `by (…)` or `without (…)` on an aggregation. */
export interface Grouping {
  kind: 'by' | 'without';
  labels: string[];
}

/** `on (…)` / `ignoring (…)`, with `group_left (…)` / `group_right (…)`, on a binary operation. */
export interface VectorMatching {
  kind: 'on' | 'ignoring';
  labels: string[];
  group: { side: 'left' | 'right'; labels: string[] } | null;
}

export type Expr =
  | { type: 'number'; value: string }
  | { type: 'string'; value: string }
  /** A Grafana variable where a value is expected (`topk($n, …)`). */
  | { type: 'variable'; name: string }
  /** `name{matchers}` or `name{matchers}[range]`; `name` is null for `{__name__="…"}`. */
  | { type: 'selector'; name: string | null; matchers: LabelMatcher[]; range: string | null }
  | { type: 'call'; func: string; args: Expr[] }
  /** `op by (…) (param, expr)`; `param` for topk, bottomk, quantile, count_values, limitk, limit_ratio. */
  | { type: 'aggregate'; op: string; grouping: Grouping | null; param: Expr | null; expr: Expr }
  | { type: 'binary'; op: string; lhs: Expr; rhs: Expr; bool: boolean; matching: VectorMatching | null }
  | { type: 'unary'; op: '+' | '-'; expr: Expr }
  | { type: 'paren'; expr: Expr }
  | { type: 'subquery'; expr: Expr; range: string; step: string | null };
