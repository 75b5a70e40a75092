import { useCallback, useEffect, useState } from 'react';
import { initialTheme, otherTheme, type Theme, THEME_STORAGE_KEY } from '../data/theme';

function storedTheme(): string | null {
  try {
    return window.localStorage.getItem(THEME_STORAGE_KEY);
  } catch {
    return null;
  }
}

/** The theme (remembered in localStorage, else the system's), applied to the document. */
export function useTheme(): [Theme, () => void] {
  const [theme, setTheme] = useState<Theme>(() => initialTheme(storedTheme(), window.matchMedia?.('(prefers-color-scheme: dark)').matches ?? false));
  useEffect(() => {
    document.documentElement.dataset['theme'] = theme;
    document.documentElement.style.colorScheme = theme;
  }, [theme]);
  const toggle = useCallback(() => {
    setTheme((current) => {
      const next = otherTheme(current);
      try {
        window.localStorage.setItem(THEME_STORAGE_KEY, next);
      } catch {
        // Not remembered; it still applies now.
      }
      return next;
    });
  }, []);
  return [theme, toggle];
}
