import type { Expr, Grouping, LabelMatcher, VectorMatching } from './ast';
import { PromQLSyntaxError, tokenize, type Token } from './tokenize';

/** Aggregation operators; those in `PARAMETERISED` take a parameter before the vector. */
const AGGREGATIONS = new Set(['sum', 'avg', 'count', 'min', 'max', 'group', 'stddev', 'stdvar', 'topk', 'bottomk', 'quantile', 'count_values', 'limitk', 'limit_ratio']);
const PARAMETERISED = new Set(['topk', 'bottomk', 'quantile', 'count_values', 'limitk', 'limit_ratio']);
/** Words that cannot start an operand. */
const KEYWORDS = new Set(['by', 'without', 'on', 'ignoring', 'group_left', 'group_right', 'bool', 'offset', 'and', 'or', 'unless', 'atan2']);
/** Binary operators by precedence, loosest first (`^` is right-associative). */
const PRECEDENCE: Record<string, number> = {
  or: 1,
  and: 2,
  unless: 2,
  '==': 3,
  '!=': 3,
  '<=': 3,
  '<': 3,
  '>=': 3,
  '>': 3,
  '+': 4,
  '-': 4,
  '*': 5,
  '/': 5,
  '%': 5,
  atan2: 5,
  '^': 6,
};

/** Parses one PromQL expression; throws `PromQLSyntaxError` naming the offset of the first problem. */
export function parsePromQL(expression: string): Expr {
  const parser = new Parser(tokenize(expression), expression.length);
  const expr = parser.expression();
  parser.expectEnd();
  return expr;
}

class Parser {
  private position = 0;

  constructor(
    private readonly tokens: Token[],
    private readonly length: number,
  ) {}

  expression(minPrecedence = 1): Expr {
    let lhs = this.unary();
    for (;;) {
      const op = this.peek();
      const precedence = op && (op.kind === 'operator' || op.kind === 'identifier') ? PRECEDENCE[op.text] : undefined;
      if (precedence === undefined || precedence < minPrecedence) return lhs;
      this.position++;
      const bool = this.acceptWord('bool');
      const matching = this.vectorMatching();
      const rhs = this.expression(op?.text === '^' ? precedence : precedence + 1);
      lhs = { type: 'binary', op: op?.text ?? '', lhs, rhs, bool, matching };
    }
  }

  expectEnd(): void {
    const token = this.peek();
    if (token) throw new PromQLSyntaxError(`unexpected ${JSON.stringify(token.text)} after the expression`, token.offset);
  }

  private unary(): Expr {
    const token = this.peek();
    if (token?.kind === 'operator' && (token.text === '-' || token.text === '+')) {
      this.position++;
      return { type: 'unary', op: token.text, expr: this.expression(PRECEDENCE['^']) };
    }
    return this.postfix(this.primary());
  }

  private primary(): Expr {
    const token = this.next('an expression');
    switch (token.kind) {
      case 'number':
      case 'duration':
        return { type: 'number', value: token.text };
      case 'string':
        return { type: 'string', value: token.text };
      case 'variable':
        return { type: 'variable', name: token.text };
      case 'identifier':
        return this.named(token);
      default:
        if (token.text === '(') {
          const expr = this.expression();
          this.expect(')');
          return { type: 'paren', expr };
        }
        if (token.text === '{') return { type: 'selector', name: null, matchers: this.matchers(), range: null };
        throw new PromQLSyntaxError(`unexpected ${JSON.stringify(token.text)}`, token.offset);
    }
  }

  /** An operand that starts with a word: a number, an aggregation, a function call or a selector. */
  private named(token: Token): Expr {
    const word = token.text;
    if (/^(inf|nan)$/i.test(word)) return { type: 'number', value: word };
    if (KEYWORDS.has(word)) throw new PromQLSyntaxError(`unexpected keyword ${JSON.stringify(word)}`, token.offset);
    if (AGGREGATIONS.has(word)) return this.aggregate(word);
    if (this.peekText('(')) return { type: 'call', func: word, args: this.args() };
    const matchers = this.acceptText('{') ? this.matchers() : [];
    return { type: 'selector', name: word, matchers, range: null };
  }

  private aggregate(op: string): Expr {
    const before = this.grouping();
    const args = this.args();
    const after = this.grouping();
    if (before && after) throw new PromQLSyntaxError(`${op} has two grouping clauses`, this.offset());
    const expected = PARAMETERISED.has(op) ? 2 : 1;
    if (args.length !== expected) throw new PromQLSyntaxError(`${op} takes ${expected} argument(s), got ${args.length}`, this.offset());
    return { type: 'aggregate', op, grouping: before ?? after, param: expected === 2 ? args[0] : null, expr: args[expected - 1] };
  }

  /** Range selectors, subqueries, `offset` and `@` after an operand. */
  private postfix(expr: Expr): Expr {
    for (;;) {
      if (this.peekText('[')) {
        this.position++;
        const range = this.rangeValue();
        if (this.peekText(':')) {
          this.position++;
          const step = this.peekText(']') ? null : this.rangeValue();
          this.expect(']');
          expr = { type: 'subquery', expr, range, step };
        } else {
          this.expect(']');
          if (expr.type !== 'selector' || expr.range !== null) throw new PromQLSyntaxError('a range needs a plain selector before it', this.offset());
          expr = { ...expr, range };
        }
      } else if (this.acceptWord('offset')) {
        this.acceptText('-');
        this.rangeValue();
      } else if (this.acceptText('@')) {
        const at = this.next('a timestamp');
        if ((at.text === 'start' || at.text === 'end') && this.acceptText('(')) this.expect(')');
        else if (at.kind !== 'number' && at.kind !== 'variable') throw new PromQLSyntaxError('expected a timestamp after @', at.offset);
      } else {
        return expr;
      }
    }
  }

  private rangeValue(): string {
    const token = this.next('a duration');
    if (token.kind !== 'duration' && token.kind !== 'variable' && token.kind !== 'number') throw new PromQLSyntaxError(`expected a duration, got ${JSON.stringify(token.text)}`, token.offset);
    return token.text;
  }

  private vectorMatching(): VectorMatching | null {
    const kind = this.acceptWord('on') ? 'on' : this.acceptWord('ignoring') ? 'ignoring' : null;
    if (!kind) return null;
    const labels = this.labelList();
    const side = this.acceptWord('group_left') ? 'left' : this.acceptWord('group_right') ? 'right' : null;
    const group = side ? { side, labels: this.peekText('(') ? this.labelList() : [] } : null;
    return { kind, labels, group } as VectorMatching;
  }

  private grouping(): Grouping | null {
    const kind = this.acceptWord('by') ? 'by' : this.acceptWord('without') ? 'without' : null;
    return kind ? { kind, labels: this.labelList() } : null;
  }

  private labelList(): string[] {
    this.expect('(');
    const labels: string[] = [];
    while (!this.acceptText(')')) {
      labels.push(this.identifier('a label name'));
      if (!this.acceptText(',')) {
        this.expect(')');
        break;
      }
    }
    return labels;
  }

  private matchers(): LabelMatcher[] {
    const matchers: LabelMatcher[] = [];
    while (!this.acceptText('}')) {
      const label = this.identifier('a label name');
      const op = this.next('a matcher operator');
      if (!['=', '!=', '=~', '!~'].includes(op.text)) throw new PromQLSyntaxError(`expected =, !=, =~ or !~ after ${label}`, op.offset);
      const value = this.next('a label value');
      if (value.kind !== 'string') throw new PromQLSyntaxError(`the value of ${label} must be a quoted string`, value.offset);
      matchers.push({ label, op: op.text as LabelMatcher['op'], value: value.text });
      if (!this.acceptText(',')) {
        this.expect('}');
        break;
      }
    }
    return matchers;
  }

  private args(): Expr[] {
    this.expect('(');
    const args: Expr[] = [];
    while (!this.acceptText(')')) {
      args.push(this.expression());
      if (!this.acceptText(',')) {
        this.expect(')');
        break;
      }
    }
    return args;
  }

  private identifier(what: string): string {
    const token = this.next(what);
    if (token.kind !== 'identifier') throw new PromQLSyntaxError(`expected ${what}, got ${JSON.stringify(token.text)}`, token.offset);
    return token.text;
  }

  private peek(): Token | undefined {
    return this.tokens[this.position];
  }

  private peekText(text: string): boolean {
    const token = this.peek();
    return token !== undefined && token.kind !== 'string' && token.text === text;
  }

  private acceptText(text: string): boolean {
    if (!this.peekText(text)) return false;
    this.position++;
    return true;
  }

  private acceptWord(word: string): boolean {
    return this.peek()?.kind === 'identifier' && this.acceptText(word);
  }

  private expect(text: string): void {
    const token = this.next(JSON.stringify(text));
    if (token.kind === 'string' || token.text !== text) throw new PromQLSyntaxError(`expected ${JSON.stringify(text)}, got ${JSON.stringify(token.text)}`, token.offset);
  }

  private next(what: string): Token {
    const token = this.tokens[this.position++];
    if (!token) throw new PromQLSyntaxError(`expected ${what}, got the end`, this.length);
    return token;
  }

  private offset(): number {
    return this.peek()?.offset ?? this.length;
  }
}
