import type { TokenLogprob } from '@switchyard/openai';
import type { WireLegacyLogprobs } from './openai-completion-wire.schema';

/** How the legacy API spells a token that is not whole UTF-8 on its own: `bytes:\xe2\x80`. */
const RAW_BYTES = /^bytes:((?:\\x[0-9a-fA-F]{2})+)$/;

/** The bytes of a token: its UTF-8, or the raw bytes a `bytes:\xNN…` token stands for. */
function tokenBytes(token: string): number[] {
  const raw = RAW_BYTES.exec(token);
  if (raw) return (raw[1].match(/[0-9a-fA-F]{2}/g) ?? []).map((pair) => parseInt(pair, 16));
  return Array.from(Buffer.from(token, 'utf8'));
}

/**
 * A text completion choice's legacy `logprobs` ({tokens, token_logprobs, top_logprobs, text_offset})
 * → token log probabilities in the chat form the stream parts carry; the gateway turns them back
 * (recomputing `text_offset` from the text). Undefined when there are no tokens.
 * - `top_logprobs`: each token's map of alternatives becomes a list, in the upstream's order;
 * - `bytes`: the token's UTF-8, or the raw bytes of a `bytes:\xNN` token (the legacy API has no bytes field);
 * - a null log probability (the first token of an echoed prompt, which has no context) becomes 0:
 *   the chat form has no null, and 0 leaves sums of log probabilities as they were.
 */
export function convertLegacyLogprobs(logprobs: WireLegacyLogprobs | null | undefined): TokenLogprob[] | undefined {
  if (!logprobs || logprobs.tokens.length === 0) return undefined;
  return logprobs.tokens.map((token, i) => ({
    token,
    logprob: logprobs.token_logprobs?.[i] ?? 0,
    bytes: tokenBytes(token),
    top_logprobs: Object.entries(logprobs.top_logprobs?.[i] ?? {}).map(([alternative, logprob]) => ({
      token: alternative,
      logprob,
      bytes: tokenBytes(alternative),
    })),
  }));
}
