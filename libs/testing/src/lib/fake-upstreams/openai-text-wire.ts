import { ids } from './ids';

/** `usage` of a legacy text completion: the three counts, no details. */
export interface TextUsage {
  prompt_tokens: number;
  completion_tokens: number;
  total_tokens: number;
}

/** Legacy per-token log probabilities of a text completion choice. */
export interface LegacyLogprobs {
  tokens: string[];
  token_logprobs: Array<number | null>;
  top_logprobs: Array<Record<string, number> | null>;
  text_offset: number[];
}

/** One choice of a `text_completion` (whole, or a streamed fragment). */
export interface TextChoice {
  text: string;
  index: number;
  logprobs: LegacyLogprobs | null;
  finish_reason: string | null;
}

/** What every chunk (or the whole completion) of one answer shares. */
export interface TextIdentity {
  id: string;
  created: number;
  model: string;
  /** `stream_options.include_usage`: every chunk has `usage: null`, and a last chunk has the usage. */
  includeUsage: boolean;
}

export function textIdentity(model: string, includeUsage: boolean): TextIdentity {
  return { id: ids.textCompletion(), created: Math.floor(Date.now() / 1000), model, includeUsage };
}

export function textUsage(prompt: number, completion: number): TextUsage {
  return { prompt_tokens: prompt, completion_tokens: completion, total_tokens: prompt + completion };
}

/** A whole `text_completion`, or (with `usage` undefined) one streamed chunk; `choices` empty with `usage` for the include_usage chunk. */
export function textCompletion(who: TextIdentity, choices: TextChoice[], usage?: TextUsage | null): object {
  const base = { id: who.id, object: 'text_completion', created: who.created };
  if (usage !== undefined && choices.length === 0) return { ...base, model: who.model, usage, choices };
  return { ...base, choices, model: who.model, ...(usage !== undefined ? { usage } : who.includeUsage ? { usage: null } : {}) };
}

/** Log probability of the `position`-th generated token: −0.1, −0.2, … */
const scoreOf = (position: number): number => -Number((0.1 * (position + 1)).toFixed(4));

/**
 * Legacy logprobs for `tokens`, the first at character `offset` of prompt + completion (OpenAI counts
 * offsets from the start of the prompt, echoed or not). Generated tokens score −0.1, −0.2, … by
 * `position` and list up to `top` alternatives (the token itself, then `<alt1>`, … each 1 lower);
 * an echoed prompt (`echoed`) is one token with no log probability, as a first token has no context.
 */
export function legacyLogprobs(tokens: string[], offset: number, position: number, top: number, echoed: boolean): LegacyLogprobs {
  const out: LegacyLogprobs = { tokens: [], token_logprobs: [], top_logprobs: [], text_offset: [] };
  let at = offset;
  tokens.forEach((token, i) => {
    const score = echoed ? null : scoreOf(position + i);
    const alternatives = score === null ? null : Object.fromEntries(Array.from({ length: top }, (_, k) => [k === 0 ? token : `<alt${k}>`, score - k]));
    out.tokens.push(token);
    out.token_logprobs.push(score);
    out.top_logprobs.push(alternatives);
    out.text_offset.push(at);
    at += token.length;
  });
  return out;
}

/** Joins the logprobs of consecutive parts of one choice. */
export function joinLogprobs(parts: LegacyLogprobs[]): LegacyLogprobs {
  return {
    tokens: parts.flatMap((p) => p.tokens),
    token_logprobs: parts.flatMap((p) => p.token_logprobs),
    top_logprobs: parts.flatMap((p) => p.top_logprobs),
    text_offset: parts.flatMap((p) => p.text_offset),
  };
}
