import type { FetchLike } from './data/api-client';

/** The browser's fetch, called through window (a detached `fetch` throws "Illegal invocation" in some browsers). */
export const browserFetch: FetchLike = (input, init) => window.fetch(input, init);

/** sessionStorage, or a stand-in when the browser refuses it (the token then lasts until reload). */
export function sessionStore(): Pick<Storage, 'getItem' | 'setItem' | 'removeItem'> {
  try {
    return window.sessionStorage;
  } catch {
    return { getItem: () => null, setItem: () => undefined, removeItem: () => undefined };
  }
}
