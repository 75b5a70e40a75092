/** A model's fill-in-the-middle tokens (node-llama-cpp's `model.tokens.infill`) and its beginning token. */
export interface InfillTokens {
  bos: number | null;
  prefix: number;
  suffix: number;
  middle: number | null;
}

/**
 * The prompt of a fill-in-the-middle completion, laid out as node-llama-cpp's `LlamaCompletion`
 * does: `<PRE> prefix <SUF> suffix <MID>` when the model has a middle token, else the suffix-first
 * order `<SUF> suffix <PRE> prefix`; the beginning token first when the model wants one.
 */
export function infillPrompt(tokens: InfillTokens, prefix: readonly number[], suffix: readonly number[]): number[] {
  const start = tokens.bos === null ? [] : [tokens.bos];
  if (tokens.middle !== null) return [...start, tokens.prefix, ...prefix, tokens.suffix, ...suffix, tokens.middle];
  return [...start, tokens.suffix, ...suffix, tokens.prefix, ...prefix];
}
