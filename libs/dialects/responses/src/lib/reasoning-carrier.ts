/**
 * A reasoning item's `encrypted_content` as this gateway writes it: what Anthropic needs back to continue a turn that
 * thought (the thinking block's signature, or a redacted block's data), marked so that it is recognised when a client
 * sends the item back. Opaque to clients, as OpenAI's own is; OpenAI's (or anyone else's) is not recognised.
 */
const SIGNED = 'sy.thinking.v1:';
const REDACTED = 'sy.redacted.v1:';

/** What a reasoning item carries: a signature, or redacted data. */
export type ReasoningCarried = { signature: string } | { redacted: string };

/** The `encrypted_content` carrying a signature or redacted data. */
export function reasoningCarrier(carried: ReasoningCarried): string {
  return 'signature' in carried ? SIGNED + carried.signature : REDACTED + carried.redacted;
}

/** What an `encrypted_content` carries; undefined when this gateway did not write it. */
export function readReasoningCarrier(content: string | null | undefined): ReasoningCarried | undefined {
  if (content?.startsWith(SIGNED)) return { signature: content.slice(SIGNED.length) };
  if (content?.startsWith(REDACTED)) return { redacted: content.slice(REDACTED.length) };
  return undefined;
}
