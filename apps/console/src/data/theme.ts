export type Theme = 'light' | 'dark';

export const THEME_STORAGE_KEY = 'switchyard.console.theme';

/** The remembered choice when there is one, else the system's preference. */
export function initialTheme(stored: string | null, prefersDark: boolean): Theme {
  if (stored === 'light' || stored === 'dark') return stored;
  return prefersDark ? 'dark' : 'light';
}

export function otherTheme(theme: Theme): Theme {
  return theme === 'dark' ? 'light' : 'dark';
}
