/** Characters that stand for themselves in a KV key token; anything else is written `=XX` per UTF-8 byte. */
const PLAIN = /^[A-Za-z0-9_-]$/;

/**
 * One token of a KV key for any string, readable and reversible: `local:stories260k` →
 * `local=3Astories260k`, `gpt-3.5` → `gpt-3=2E5` (dots separate tokens, so they are escaped too).
 */
export function escapeToken(value: string): string {
  let out = '';
  for (const char of value) {
    if (PLAIN.test(char)) out += char;
    else for (const byte of Buffer.from(char, 'utf8')) out += `=${byte.toString(16).toUpperCase().padStart(2, '0')}`;
  }
  return out;
}

/** Reverses `escapeToken`. */
export function unescapeToken(token: string): string {
  const bytes: number[] = [];
  for (let i = 0; i < token.length; i++) {
    if (token[i] === '=') {
      bytes.push(parseInt(token.slice(i + 1, i + 3), 16));
      i += 2;
    } else {
      bytes.push(token.charCodeAt(i));
    }
  }
  return Buffer.from(bytes).toString('utf8');
}

/** The UTC day of an epoch-ms instant, `YYYY-MM-DD`. */
export function utcDay(epochMs: number): string {
  return new Date(epochMs).toISOString().slice(0, 10);
}

/** The KV key of one aggregate: `<day>.<key id>.<model>`, each token escaped. */
export function usageEntryKey(day: string, keyId: string, model: string): string {
  return `${day}.${escapeToken(keyId)}.${escapeToken(model)}`;
}

/** A KV key filter: the given day and key id, or any (`*`) when absent; every model. */
export function usageKeyFilter(day: string | undefined, keyId: string | undefined): string {
  return `${day ?? '*'}.${keyId === undefined ? '*' : escapeToken(keyId)}.*`;
}
