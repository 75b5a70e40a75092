import type { ConversationItem } from '@switchyard/dialect-responses';
import { z } from 'zod';

/**
 * One kept Response: who made it (the key's id, `open` on an open gateway), the Response object as the client got
 * it, the items of its own input, and the responses it continues (oldest first), whose items come before its own.
 */
export interface StoredResponse {
  owner: string;
  response: Record<string, unknown> & { id: string; output: unknown[] };
  input: ConversationItem[];
  previous: string[];
}

const ItemSchema = z.looseObject({ id: z.string(), type: z.string() });

/** What a record read back must hold (it was written by a gateway, perhaps an older one). */
const StoredResponseSchema = z.object({
  owner: z.string(),
  response: z.looseObject({ id: z.string(), output: z.array(z.unknown()) }),
  input: z.array(ItemSchema),
  previous: z.array(z.string()),
});

/** The KV entry of a record too large for one message: it lives in the object store of the same name. */
const LargeMarkSchema = z.object({ owner: z.string(), large: z.literal(true) });

/** A KV entry: the record itself, or the mark of a large one (with its owner, checked before the object is read). */
export type StoredEntry = { kind: 'record'; record: StoredResponse } | { kind: 'large'; owner: string };

const decoder = new TextDecoder();

/** Reads a KV entry or an object back; undefined when it is neither (a foreign or damaged value). */
export function decodeStored(bytes: Uint8Array): StoredEntry | undefined {
  let value: unknown;
  try {
    value = JSON.parse(decoder.decode(bytes));
  } catch {
    return undefined;
  }
  const large = LargeMarkSchema.safeParse(value);
  if (large.success) return { kind: 'large', owner: large.data.owner };
  const record = StoredResponseSchema.safeParse(value);
  return record.success ? { kind: 'record', record: record.data as StoredResponse } : undefined;
}

/** The KV entry marking a large record. */
export function largeMark(owner: string): Uint8Array {
  return new TextEncoder().encode(JSON.stringify({ owner, large: true }));
}

/** Response ids this gateway makes: only those can be stored, so any other id is simply not found. */
export const RESPONSE_ID = /^resp_[A-Za-z0-9]{1,64}$/;

/**
 * The conversation a response closes: for each response of the chain, oldest first, its input items then its
 * output items. What a `previous_response_id` continues, and what `input_items` lists (with the last output left out).
 */
export function conversationOf(chain: readonly StoredResponse[]): Array<Record<string, unknown>> {
  return chain.flatMap((stored) => [...stored.input, ...stored.response.output.filter(isItem)]);
}

function isItem(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
