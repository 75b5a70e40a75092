/** Where the admin token is kept: sessionStorage, so it lasts for the browser session and no longer. */
export const TOKEN_STORAGE_KEY = 'switchyard.console.token';

type StorageLike = Pick<Storage, 'getItem' | 'setItem' | 'removeItem'>;

/** Storage can throw (disabled, private mode quotas): the console then simply does not remember. */
export function readToken(storage: StorageLike): string | null {
  try {
    return storage.getItem(TOKEN_STORAGE_KEY) || null;
  } catch {
    return null;
  }
}

export function saveToken(storage: StorageLike, token: string): void {
  try {
    storage.setItem(TOKEN_STORAGE_KEY, token);
  } catch {
    // Not remembered; the session still works until reload.
  }
}

export function clearToken(storage: StorageLike): void {
  try {
    storage.removeItem(TOKEN_STORAGE_KEY);
  } catch {
    // Nothing was stored.
  }
}
