/** The exponent node-llama-cpp 3.22 allows in JSON schema numbers: up to 16 digits, so `1e9999` parses to Infinity. */
const LOOSE_EXPONENT = ' ([eE] [-+]? ("0" | [1-9] [0-9]{0,15}))?';
/** At most two exponent digits: every number stays finite. */
const FINITE_EXPONENT = ' ([eE] [-+]? ("0" | [1-9] [0-9]?))?';

/**
 * Tightens the number rules of a grammar from `llama.createGrammarForJsonSchema` so that what it
 * generates validates against the schema: `integer` loses its exponent (node-llama-cpp allows
 * `5e-3` for an integer) and `number` keeps finite exponents. Rules of another shape (a newer
 * node-llama-cpp) are left as they are; the worker's integration tests check the outcome.
 */
export function tightenJsonNumberRules(grammar: string): string {
  return grammar
    .split('\n')
    .map((line) => {
      if (line.startsWith('integer-number-rule ::=')) return line.replace(LOOSE_EXPONENT, '');
      if (line.startsWith('fractional-number-rule ::=')) return line.replace(LOOSE_EXPONENT, FINITE_EXPONENT);
      return line;
    })
    .join('\n');
}
