import { tightenJsonNumberRules } from './json-grammar-numbers';

/** Rules as node-llama-cpp 3.22.1's `createGrammarForJsonSchema` writes them. */
const GRAMMAR = [
  'root ::= "{" "\\"a\\"" ":" [ ]? integer-number-rule "," "\\"b\\"" ":" [ ]? fractional-number-rule "}"',
  'integer-number-rule ::= "-"? ("0" | [1-9] [0-9]{0,15}) ([eE] [-+]? ("0" | [1-9] [0-9]{0,15}))?',
  'fractional-number-rule ::= "-"? ("0" | [1-9] [0-9]{0,15}) ("." [0-9]{1,16})? ([eE] [-+]? ("0" | [1-9] [0-9]{0,15}))?',
].join('\n');

describe('tightenJsonNumberRules', () => {
  it('takes the exponent off integers and keeps number exponents to two digits', () => {
    expect(tightenJsonNumberRules(GRAMMAR).split('\n')).toEqual([
      GRAMMAR.split('\n')[0],
      'integer-number-rule ::= "-"? ("0" | [1-9] [0-9]{0,15})',
      'fractional-number-rule ::= "-"? ("0" | [1-9] [0-9]{0,15}) ("." [0-9]{1,16})? ([eE] [-+]? ("0" | [1-9] [0-9]?))?',
    ]);
  });

  it('leaves a grammar without those rules as it is', () => {
    const other = 'root ::= "{" ws "}"\nws ::= [ ]?';
    expect(tightenJsonNumberRules(other)).toBe(other);
  });
});
