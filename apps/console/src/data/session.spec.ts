import { pageOfHash, PAGES } from './pages';
import { initialTheme, otherTheme } from './theme';
import { clearToken, readToken, saveToken, TOKEN_STORAGE_KEY } from './token-storage';

function memoryStorage(): Pick<Storage, 'getItem' | 'setItem' | 'removeItem'> & { items: Map<string, string> } {
  const items = new Map<string, string>();
  return {
    items,
    getItem: (key) => items.get(key) ?? null,
    setItem: (key, value) => void items.set(key, value),
    removeItem: (key) => void items.delete(key),
  };
}

describe('pages', () => {
  it('reads the page from the hash', () => {
    expect(pageOfHash('')).toBe('overview');
    expect(pageOfHash('#/')).toBe('overview');
    expect(pageOfHash('#/backends')).toBe('backends');
    expect(pageOfHash('#/routes/')).toBe('routes');
    expect(pageOfHash('#/usage?key=x')).toBe('usage');
    expect(pageOfHash('#/nowhere')).toBe('overview');
    expect(PAGES.map((page) => pageOfHash(page.hash))).toEqual(PAGES.map((page) => page.id));
  });
});

describe('theme', () => {
  it('prefers the remembered choice, then the system preference', () => {
    expect(initialTheme('light', true)).toBe('light');
    expect(initialTheme('dark', false)).toBe('dark');
    expect(initialTheme(null, true)).toBe('dark');
    expect(initialTheme('purple', false)).toBe('light');
    expect(otherTheme('dark')).toBe('light');
  });
});

describe('token storage', () => {
  it('saves, reads and clears the token', () => {
    const storage = memoryStorage();
    expect(readToken(storage)).toBeNull();
    saveToken(storage, 'secret');
    expect(storage.items.get(TOKEN_STORAGE_KEY)).toBe('secret');
    expect(readToken(storage)).toBe('secret');
    clearToken(storage);
    expect(readToken(storage)).toBeNull();
  });

  it('survives a storage that throws', () => {
    const broken = {
      getItem: (): string | null => {
        throw new Error('denied');
      },
      setItem: (): void => {
        throw new Error('denied');
      },
      removeItem: (): void => {
        throw new Error('denied');
      },
    };
    expect(readToken(broken)).toBeNull();
    expect(() => saveToken(broken, 'x')).not.toThrow();
    expect(() => clearToken(broken)).not.toThrow();
  });
});
