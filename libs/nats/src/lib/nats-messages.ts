import { headers as natsHeaders, type Msg, type MsgHdrs } from 'nats';
import type { InboundMessage, MessageHeaders } from './transport';

const NO_HEADERS: MessageHeaders = Object.freeze({});

/** Headers as nats.js takes them; undefined for none. */
export function toNatsHeaders(headers: MessageHeaders | undefined): MsgHdrs | undefined {
  if (headers === undefined) return undefined;
  const keys = Object.keys(headers);
  if (keys.length === 0) return undefined;
  const h = natsHeaders();
  for (const key of keys) h.set(key, headers[key]);
  return h;
}

/** A received message as handlers see it: lower-case header names, the reply subject when there is one. */
export function toInbound(msg: Msg): InboundMessage {
  const reply = msg.reply || undefined;
  if (!msg.headers) return { subject: msg.subject, data: msg.data, headers: NO_HEADERS, reply };
  const out: Record<string, string> = {};
  for (const [key, values] of msg.headers) out[key.toLowerCase()] = values[0] ?? '';
  return { subject: msg.subject, data: msg.data, headers: out, reply };
}

/** The text of a thrown value. */
export function messageOf(error: unknown): string {
  if (error instanceof Error) return error.message;
  // NestJS's RPC exception filters hand errors on as `{ status: 'error', message }`.
  const message = typeof error === 'object' && error !== null ? (error as { message?: unknown }).message : undefined;
  return typeof message === 'string' ? message : String(error);
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
