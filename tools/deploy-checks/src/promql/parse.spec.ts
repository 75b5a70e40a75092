import type { Expr } from './ast';
import { parsePromQL } from './parse';

/** A compact rendering of the tree, to compare shapes in one line. */
function render(expr: Expr): string {
  switch (expr.type) {
    case 'number':
    case 'string':
      return expr.value;
    case 'variable':
      return expr.name;
    case 'selector':
      return `${expr.name ?? ''}{${expr.matchers.map((m) => `${m.label}${m.op}${m.value}`).join(',')}}${expr.range ? `[${expr.range}]` : ''}`;
    case 'call':
      return `${expr.func}(${expr.args.map(render).join(', ')})`;
    case 'aggregate':
      return `${expr.op}${expr.grouping ? ` ${expr.grouping.kind}(${expr.grouping.labels.join(',')})` : ''}(${expr.param ? `${render(expr.param)}, ` : ''}${render(expr.expr)})`;
    case 'binary': {
      const matching = expr.matching ? ` ${expr.matching.kind}(${expr.matching.labels.join(',')})${expr.matching.group ? ` group_${expr.matching.group.side}(${expr.matching.group.labels.join(',')})` : ''}` : '';
      return `(${render(expr.lhs)} ${expr.op}${expr.bool ? ' bool' : ''}${matching} ${render(expr.rhs)})`;
    }
    case 'unary':
      return `${expr.op}${render(expr.expr)}`;
    case 'paren':
      return render(expr.expr);
    case 'subquery':
      return `${render(expr.expr)}[${expr.range}:${expr.step ?? ''}]`;
  }
}

describe('parsePromQL', () => {
  it.each([
    ['a bare metric', 'up', 'up{}'],
    ['matchers of every kind, trailing comma', 'm{a="1", b!="2", c=~"3.*", d!~"4",}', 'm{a=1,b!=2,c=~3.*,d!~4}'],
    ['a Grafana range variable', 'rate(m[$__rate_interval])', 'rate(m{}[$__rate_interval])'],
    ['grouping before and after', 'sum by (a) (m) + sum(m) without (b)', '(sum by(a)(m{}) + sum without(b)(m{}))'],
    ['a parameterised aggregation', 'topk(5, m)', 'topk(5, m{})'],
    ['* binds tighter than +', 'a + b * c', '(a{} + (b{} * c{}))'],
    ['^ is right-associative', 'a ^ b ^ c', '(a{} ^ (b{} ^ c{}))'],
    ['unary minus binds looser than ^', '-a ^ 2', '-(a{} ^ 2)'],
    ['or is loosest, and/unless tighter', 'a or b and c', '(a{} or (b{} and c{}))'],
    ['comparison with bool', 'a > bool 0', '(a{} > bool 0)'],
    ['vector matching', 'a / on (x, y) group_left (z) b', '(a{} / on(x,y) group_left(z) b{})'],
    ['group_right without labels', 'a * ignoring (x) group_right b', '(a{} * ignoring(x) group_right() b{})'],
    ['a subquery with and without step', 'max_over_time(m[1h:5m]) + min_over_time(m[1h:])', '(max_over_time(m{}[1h:5m]) + min_over_time(m{}[1h:]))'],
    ['offset and @', 'm offset -5m @ end()', 'm{}'],
    ['recording rule names with colons', 'switchyard:requests:rate5m', 'switchyard:requests:rate5m{}'],
    ['Inf and scientific numbers', 'm > Inf or m < 1e-3', '((m{} > Inf) or (m{} < 1e-3))'],
    ['comments', 'sum(m) # all of them', 'sum(m{})'],
  ])('reads %s', (_name, expression, expected) => {
    expect(render(parsePromQL(expression))).toBe(expected);
  });

  it.each([
    ['an unclosed call', 'sum(m', /expected "\)", got the end at offset 5/],
    ['a stray token', 'm m', /unexpected "m" at offset 2/],
    ['a range on an expression', 'sum(m)[5m]', /a range needs a plain selector/],
    ['two groupings', 'sum by (a) (m) by (b)', /unexpected "by" at offset 15/],
    ['topk without its parameter', 'topk(m)', /topk takes 2 argument\(s\), got 1/],
    ['an unknown character', 'm ; n', /unexpected ";" at offset 2/],
    ['an unknown function', 'rat(m[5m])', /unknown function rat\(\) at offset 3/],
  ])('rejects %s', (_name, expression, message) => {
    expect(() => parsePromQL(expression)).toThrow(message);
  });
});
