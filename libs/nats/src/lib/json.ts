import type { z } from 'zod';

const encoder = new TextEncoder();
const decoder = new TextDecoder();

/** Serialises a value as UTF-8 JSON (with `Buffer.from`: faster than `TextEncoder` for short strings). */
export function encodeJson(value: unknown): Uint8Array {
  return Buffer.from(JSON.stringify(value));
}

/** Parses UTF-8 JSON and validates it; throws a ZodError or SyntaxError on bad input. */
export function decodeJson<T>(bytes: Uint8Array, schema: z.ZodType<T>): T {
  return schema.parse(JSON.parse(decoder.decode(bytes)));
}

/** Decodes UTF-8 text. */
export function decodeText(bytes: Uint8Array): string {
  return decoder.decode(bytes);
}

/** Encodes UTF-8 text. */
export function encodeText(text: string): Uint8Array {
  return encoder.encode(text);
}
