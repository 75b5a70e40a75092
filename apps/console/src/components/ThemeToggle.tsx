import type { Theme } from '../data/theme';

interface ThemeToggleProps {
  theme: Theme;
  onToggle(): void;
}

export function ThemeToggle({ theme, onToggle }: ThemeToggleProps) {
  const next = theme === 'dark' ? 'light' : 'dark';
  return (
    <button type="button" className="button-quiet" data-testid="theme-toggle" onClick={onToggle} title={`Switch to the ${next} theme`} aria-label={`Switch to the ${next} theme`}>
      {theme === 'dark' ? '☀ Light' : '☾ Dark'}
    </button>
  );
}
