import { parser } from '@prometheus-io/lezer-promql';
import type { Expr, Grouping, LabelMatcher, VectorMatching } from './ast';

/** A node of the grammar's tree (the type @lezer/common declares, as the parser returns it). */
type SyntaxNode = ReturnType<typeof parser.parse>['topNode'];

/**
 * PromQL as it appears in Prometheus rules and Grafana panels, parsed by Prometheus's own grammar
 * (`@prometheus-io/lezer-promql`, the one its web UI uses) and turned into the small tree the checks walk
 * (`ast.ts`). Grafana's `$variables` are not PromQL: each is parsed as a number placeholder and comes back as a
 * `variable` node (or as the range text, inside `[…]`).
 */

/** A syntax error, with where in the expression it is. */
export class PromQLSyntaxError extends Error {
  constructor(
    message: string,
    readonly offset: number,
  ) {
    super(`${message} at offset ${offset}`);
    this.name = 'PromQLSyntaxError';
  }
}

/** Grafana variables: `$name`, `${name}`, `${name:format}`. */
const VARIABLE = /\$(?:\{[^}]+\}|\w+)/g;
/** Placeholders start above any number a rule or panel uses, so they cannot collide with one. */
const PLACEHOLDER_BASE = 987_650_000;
/** Aggregations that take a parameter before the expression. */
const PARAMETERISED = new Set(['topk', 'bottomk', 'quantile', 'count_values', 'limitk', 'limit_ratio']);
/** The nodes that are expressions; the rest are punctuation, keywords and modifiers. */
const EXPRESSIONS = new Set([
  'NumberDurationLiteral',
  'StringLiteral',
  'VectorSelector',
  'MatrixSelector',
  'SubqueryExpr',
  'FunctionCall',
  'AggregateExpr',
  'BinaryExpr',
  'UnaryExpr',
  'ParenExpr',
  'OffsetExpr',
  'StepInvariantExpr',
]);

/** Parses one expression; throws `PromQLSyntaxError` for what Prometheus would refuse to parse. */
export function parsePromQL(expression: string): Expr {
  const variables = new Map<string, string>();
  const source = expression.replace(VARIABLE, (variable) => {
    const placeholder = String(PLACEHOLDER_BASE + variables.size);
    variables.set(placeholder, variable);
    return placeholder;
  });
  const tree = parser.parse(source);
  tree.iterate({
    enter: (node) => {
      if (node.type.isError) throw new PromQLSyntaxError(describeError(source, node.node), node.from);
    },
  });
  return new Translator(source, variables).expr(only(tree.topNode, 'an expression'));
}

/** What went wrong where the grammar found an error node, in the words a rule's author needs. */
function describeError(source: string, error: SyntaxNode): string {
  const rest = source.slice(error.from).trimStart();
  const before = error.prevSibling;
  if (rest === '') {
    const open = (source.match(/\(/g) ?? []).length - (source.match(/\)/g) ?? []).length;
    return open > 0 ? 'expected ")", got the end' : 'the expression ends too early';
  }
  if (rest.startsWith('(') && (before?.name === 'Identifier' || before?.name === 'VectorSelector')) return `unknown function ${source.slice(before.from, before.to)}()`;
  if (before?.name === 'MatchOp') {
    const label = before.prevSibling;
    return `the value of ${label ? source.slice(label.from, label.to) : 'a label'} must be a quoted string`;
  }
  return `unexpected ${JSON.stringify(rest.match(/^\S+/)?.[0] ?? rest)}`;
}

function children(node: SyntaxNode): SyntaxNode[] {
  const list: SyntaxNode[] = [];
  for (let child = node.firstChild; child; child = child.nextSibling) if (child.name !== 'LineComment') list.push(child);
  return list;
}

function expressionsOf(node: SyntaxNode): SyntaxNode[] {
  return children(node).filter((child) => EXPRESSIONS.has(child.name));
}

function only(node: SyntaxNode, what: string): SyntaxNode {
  const [first, ...rest] = expressionsOf(node);
  if (!first || rest.length > 0) throw new PromQLSyntaxError(`expected ${what}`, node.from);
  return first;
}

function unquote(literal: string): string {
  if (literal.startsWith('`')) return literal.slice(1, -1);
  return JSON.parse(literal.startsWith("'") ? `"${literal.slice(1, -1).replace(/"/g, '\\"')}"` : literal) as string;
}

class Translator {
  constructor(
    private readonly source: string,
    private readonly variables: ReadonlyMap<string, string>,
  ) {}

  private text(node: SyntaxNode): string {
    const text = this.source.slice(node.from, node.to);
    return this.variables.get(text) ?? text;
  }

  expr(node: SyntaxNode): Expr {
    switch (node.name) {
      case 'NumberDurationLiteral': {
        const text = this.source.slice(node.from, node.to);
        const variable = this.variables.get(text);
        return variable ? { type: 'variable', name: variable } : { type: 'number', value: text };
      }
      case 'StringLiteral':
        return { type: 'string', value: unquote(this.text(node)) };
      case 'VectorSelector':
        return this.selector(node);
      case 'MatrixSelector': {
        const [selector, duration] = children(node);
        const inner = this.expr(selector);
        if (inner.type !== 'selector') throw new PromQLSyntaxError('a range needs a plain selector', node.from);
        return { ...inner, range: this.text(duration) };
      }
      case 'SubqueryExpr': {
        const [inner, ...durations] = children(node);
        return { type: 'subquery', expr: this.expr(inner), range: this.text(durations[0]), step: durations[1] ? this.text(durations[1]) : null };
      }
      case 'FunctionCall': {
        const [identifier, body] = children(node);
        return { type: 'call', func: this.text(identifier), args: expressionsOf(body).map((arg) => this.expr(arg)) };
      }
      case 'AggregateExpr':
        return this.aggregate(node);
      case 'BinaryExpr':
        return this.binary(node);
      case 'UnaryExpr': {
        const [op, operand] = children(node);
        return { type: 'unary', op: this.text(op) === '-' ? '-' : '+', expr: this.expr(operand) };
      }
      case 'ParenExpr':
        return { type: 'paren', expr: this.expr(only(node, 'an expression in parentheses')) };
      case 'OffsetExpr':
      case 'StepInvariantExpr':
        // `offset` and `@` change no label: the modified expression is what the checks need.
        return this.expr(expressionsOf(node)[0]);
      default:
        throw new PromQLSyntaxError(`unexpected ${node.name}`, node.from);
    }
  }

  private selector(node: SyntaxNode): Expr {
    let name: string | null = null;
    const matchers: LabelMatcher[] = [];
    for (const child of children(node)) {
      if (child.name === 'Identifier') name = this.text(child);
      if (child.name !== 'LabelMatchers') continue;
      for (const matcher of children(child)) {
        const parts = children(matcher);
        if (matcher.name === 'QuotedLabelName') {
          name = unquote(this.text(parts[0]));
          continue;
        }
        const [label, op, value] = parts;
        const labelName = label.name === 'QuotedLabelName' ? unquote(this.text(children(label)[0])) : this.text(label);
        matchers.push({ label: labelName, op: this.text(op) as LabelMatcher['op'], value: unquote(this.text(value)) });
      }
    }
    return { type: 'selector', name, matchers, range: null };
  }

  private labels(node: SyntaxNode | undefined): string[] {
    return node ? children(node).map((label) => this.text(label)) : [];
  }

  private aggregate(node: SyntaxNode): Expr {
    const parts = children(node);
    const op = this.text(parts[0]);
    const modifier = parts.find((part) => part.name === 'AggregateModifier');
    const body = parts.find((part) => part.name === 'FunctionCallBody');
    const args = body ? expressionsOf(body) : [];
    const arity = PARAMETERISED.has(op) ? 2 : 1;
    if (args.length !== arity) throw new PromQLSyntaxError(`${op} takes ${arity} argument(s), got ${args.length}`, node.from);
    let grouping: Grouping | null = null;
    if (modifier) {
      const [kind, labels] = children(modifier);
      grouping = { kind: kind.name === 'By' ? 'by' : 'without', labels: this.labels(labels) };
    }
    const [param, expr] = arity === 2 ? [this.expr(args[0]), this.expr(args[1])] : [null, this.expr(args[0])];
    return { type: 'aggregate', op, grouping, param, expr };
  }

  private binary(node: SyntaxNode): Expr {
    const parts = children(node);
    const operands = parts.filter((part) => EXPRESSIONS.has(part.name));
    const op = parts.find((part) => !EXPRESSIONS.has(part.name) && part.name !== 'BoolModifier' && part.name !== 'MatchingModifierClause');
    if (operands.length !== 2 || !op) throw new PromQLSyntaxError('expected two operands and an operator', node.from);
    const clause = parts.find((part) => part.name === 'MatchingModifierClause');
    let matching: VectorMatching | null = null;
    if (clause) {
      const [kind, labels, group, groupLabels] = children(clause);
      matching = {
        kind: kind.name === 'On' ? 'on' : 'ignoring',
        labels: this.labels(labels),
        group: group ? { side: group.name === 'GroupLeft' ? 'left' : 'right', labels: this.labels(groupLabels) } : null,
      };
    }
    return {
      type: 'binary',
      op: this.text(op).toLowerCase(),
      lhs: this.expr(operands[0]),
      rhs: this.expr(operands[1]),
      bool: parts.some((part) => part.name === 'BoolModifier'),
      matching,
    };
  }
}
