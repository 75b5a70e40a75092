import type { TokenLogprob } from '@switchyard/openai';

/** One alternative in `top_logprobs`. */
export type TopLogprob = TokenLogprob['top_logprobs'][number];

/** What OpenAI reports for a token that cannot be sampled; JSON has no -Infinity. */
export const MIN_LOGPROB = -9999;

/** A probability as a finite log probability. */
export function toLogprob(probability: number): number {
  return probability > 0 ? Math.max(Math.log(probability), MIN_LOGPROB) : MIN_LOGPROB;
}

/** The UTF-8 bytes of a token's text, as OpenAI reports them. */
export function utf8Bytes(text: string): number[] {
  return [...Buffer.from(text, 'utf8')];
}

/**
 * The `count` most likely tokens of a distribution, most likely first. node-llama-cpp's maps are
 * sorted that way already; tokens that cannot be sampled (probability 0: banned by a grammar or a
 * bias) are left out.
 */
export function topAlternatives(probabilities: ReadonlyMap<number, number>, count: number, textOf: (token: number) => string): TopLogprob[] {
  const top: TopLogprob[] = [];
  if (count <= 0) return top;
  for (const [token, probability] of probabilities) {
    if (top.length >= count || probability <= 0) break;
    const text = textOf(token);
    top.push({ token: text, logprob: toLogprob(probability), bytes: utf8Bytes(text) });
  }
  return top;
}

/** A token's log probability entry. */
export function tokenLogprob(text: string, logprob: number, alternatives: TopLogprob[]): TokenLogprob {
  return { token: text, logprob, bytes: utf8Bytes(text), top_logprobs: alternatives };
}

/** A sampled token's log probability and alternatives, waiting for its text. */
export interface PendingLogprob {
  logprob: number;
  alternatives: TopLogprob[];
}

/**
 * Log probability entries placed on the generated text (start and end offsets), released with the
 * text that contains them: while streaming, entries whose text has been sent; at the end, every
 * entry that starts before the output's end (a stop sequence's tokens are left out).
 */
export class LogprobSpans {
  private readonly queue: { start: number; end: number; entry: TokenLogprob }[] = [];
  private length = 0;

  /** Adds tokens whose texts follow the text so far: all but the last carry '' (a character split over tokens). */
  add(pending: readonly PendingLogprob[], text: string): void {
    pending.forEach((item, i) => {
      const own = i === pending.length - 1 ? text : '';
      this.queue.push({ start: this.length, end: this.length + own.length, entry: tokenLogprob(own, item.logprob, item.alternatives) });
      this.length += own.length;
    });
  }

  /** Entries whose text lies within the first `sent` characters (`final`: that start there); later ones are dropped at the end. */
  release(sent: number, final = false): TokenLogprob[] {
    const out: TokenLogprob[] = [];
    while (this.queue.length > 0 && isSent(this.queue[0], sent, final)) out.push(this.queue.splice(0, 1)[0].entry);
    if (final) this.queue.length = 0;
    return out;
  }
}

/** Whether a span belongs to the first `sent` characters of the text: wholly, or (at the end) by its start. */
function isSent(span: { start: number; end: number }, sent: number, final: boolean): boolean {
  if (span.end <= sent) return true;
  return final && span.start < sent;
}
