import { createHash, timingSafeEqual } from 'node:crypto';

function digest(value: string): Buffer {
  return createHash('sha256').update(value).digest();
}

/**
 * One configured bearer token. Tokens are compared as SHA-256 digests with `timingSafeEqual`, so
 * neither the content nor the length of the real token leaks through timing; the token itself is
 * not kept.
 */
export class BearerToken {
  private readonly expected: Buffer | undefined;

  constructor(token: string | undefined) {
    this.expected = token === undefined || token === '' ? undefined : digest(token);
  }

  /** Whether a token is configured at all. */
  get configured(): boolean {
    return this.expected !== undefined;
  }

  /** Whether `token` (a bare token, as an API-key header carries it) is the configured one. */
  matches(token: string): boolean {
    return this.expected !== undefined && timingSafeEqual(digest(token), this.expected);
  }

  /** What `authorization` carries: the right token, another one, or none (`Authorization: Bearer <token>`). */
  check(authorization: string | undefined): 'ok' | 'wrong' | 'missing' {
    const match = /^Bearer\s+(\S+)\s*$/i.exec(authorization ?? '');
    if (!match) return 'missing';
    return this.matches(match[1]) ? 'ok' : 'wrong';
  }
}
