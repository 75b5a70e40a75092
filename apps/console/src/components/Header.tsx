import { PAGES, type PageId } from '../data/pages';
import type { Theme } from '../data/theme';
import { FeedIndicator } from './FeedIndicator';
import { ThemeToggle } from './ThemeToggle';

interface HeaderProps {
  page: PageId;
  theme: Theme;
  onToggleTheme(): void;
  onSignOut(): void;
}

export function Header({ page, theme, onToggleTheme, onSignOut }: HeaderProps) {
  return (
    <header className="header">
      <a className="brand" href="#/">
        Switchyard
      </a>
      <nav className="nav" aria-label="Pages">
        {PAGES.map((entry) => (
          <a key={entry.id} href={entry.hash} data-testid={`nav-${entry.id}`} className={entry.id === page ? 'nav-link active' : 'nav-link'} aria-current={entry.id === page ? 'page' : undefined}>
            {entry.title}
          </a>
        ))}
      </nav>
      <div className="header-tools">
        <FeedIndicator />
        <ThemeToggle theme={theme} onToggle={onToggleTheme} />
        <button type="button" className="button-quiet" data-testid="sign-out" onClick={onSignOut}>
          Sign out
        </button>
      </div>
    </header>
  );
}
