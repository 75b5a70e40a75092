/**
 * A tokenizer for PromQL as it appears in Prometheus rules and Grafana panels (Grafana's `$variables`
 * included). Only what the checks need: it does not decode string escapes beyond stripping the quotes.
 * Grammar: https://prometheus.io/docs/prometheus/latest/querying/basics/
 */

export type TokenKind = 'identifier' | 'number' | 'duration' | 'string' | 'variable' | 'operator' | 'punctuation';

export interface Token {
  kind: TokenKind;
  /** The source text; for a string, its content without the quotes. */
  text: string;
  /** Where the token starts in the expression. */
  offset: number;
}

/** A PromQL expression the tokenizer or parser cannot read. */
export class PromQLSyntaxError extends Error {
  constructor(
    message: string,
    readonly offset: number,
  ) {
    super(`${message} at offset ${offset}`);
  }
}

const DURATION = /^(?:\d+(?:ms|s|m|h|d|w|y))+/;
const NUMBER = /^(?:0x[0-9a-f]+|(?:\d+\.?\d*|\.\d+)(?:e[+-]?\d+)?)(?![\w.])/i;
/** Grafana variables: `$name`, `${name}`, `${name:format}`. */
const VARIABLE = /^\$(?:\{[^}]+\}|\w+)/;
const IDENTIFIER = /^[A-Za-z_:][\w:]*/;
/** Inside `[…]` a colon separates range and step; it cannot start a name there. */
const IDENTIFIER_IN_BRACKETS = /^[A-Za-z_][\w]*/;
const STRING = /^(?:"(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)*'|`[^`]*`)/;
const OPERATORS = ['=~', '!~', '!=', '==', '<=', '>=', '=', '<', '>', '+', '-', '*', '/', '%', '^', '@'];
const PUNCTUATION = '(){}[],:';

export function tokenize(expression: string): Token[] {
  const tokens: Token[] = [];
  let offset = 0;
  let bracketDepth = 0;
  while (offset < expression.length) {
    const rest = expression.slice(offset);
    const space = /^(?:\s+|#[^\n]*)/.exec(rest);
    if (space) {
      offset += space[0].length;
      continue;
    }
    const { token, length } = readToken(rest, offset, bracketDepth > 0);
    if (token.kind === 'punctuation' && token.text === '[') bracketDepth++;
    if (token.kind === 'punctuation' && token.text === ']') bracketDepth--;
    tokens.push(token);
    offset += length;
  }
  return tokens;
}

function readToken(rest: string, offset: number, inBrackets: boolean): { token: Token; length: number } {
  const at = (kind: TokenKind, match: string, text = match) => ({ token: { kind, text, offset }, length: match.length });
  const string = STRING.exec(rest);
  if (string) return at('string', string[0], string[0].slice(1, -1));
  const duration = DURATION.exec(rest);
  if (duration) return at('duration', duration[0]);
  const number = NUMBER.exec(rest);
  if (number) return at('number', number[0]);
  const variable = VARIABLE.exec(rest);
  if (variable) return at('variable', variable[0]);
  const identifier = (inBrackets ? IDENTIFIER_IN_BRACKETS : IDENTIFIER).exec(rest);
  if (identifier) return at('identifier', identifier[0]);
  const operator = OPERATORS.find((op) => rest.startsWith(op));
  if (operator) return at('operator', operator);
  if (PUNCTUATION.includes(rest[0])) return at('punctuation', rest[0]);
  throw new PromQLSyntaxError(`unexpected character ${JSON.stringify(rest[0])}`, offset);
}
