import type { IncomingHttpHeaders } from 'node:http';

function single(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}

/**
 * The API key a client presented: `Authorization: Bearer <key>` (as the OpenAI SDKs send it), else
 * the `api-key` header (as Azure OpenAI clients send it), else `x-api-key` (as the Anthropic SDKs send
 * it). Undefined when none holds one.
 */
export function presentedKey(headers: IncomingHttpHeaders): string | undefined {
  const authorization = single(headers.authorization)?.trim();
  const bearer = authorization?.match(/^Bearer\s+(\S+)$/i)?.[1];
  if (bearer) return bearer;
  const apiKey = (single(headers['api-key']) ?? single(headers['x-api-key']))?.trim();
  return apiKey ? apiKey : undefined;
}
