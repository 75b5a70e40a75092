import type { ConsoleSession } from '@switchyard/contracts';
import { useEffect, useMemo } from 'react';
import { browserFetch } from '../browser';
import { ConsoleContext, type ConsoleContextValue } from '../console-context';
import { createApiClient } from '../data/api-client';
import { createConsoleStore } from '../data/console-store';
import { connectFeed } from '../data/feed-connection';
import type { Theme } from '../data/theme';
import { useHashPage } from '../hooks/useHashPage';
import { ErrorBoundary } from './ErrorBoundary';
import { Header } from './Header';
import { PageView } from './PageView';

interface ConsoleShellProps {
  token: string;
  session: ConsoleSession;
  theme: Theme;
  onToggleTheme(): void;
  signOut(notice?: string): void;
}

const signedOutNotice = (message: string): string => `Signed out: the gateway refused the admin token (${message}). Sign in again.`;

/** The signed-in console: one API client, one store and one feed connection for the whole session. */
export function ConsoleShell({ token, session, theme, onToggleTheme, signOut }: ConsoleShellProps) {
  const page = useHashPage();
  const store = useMemo(() => createConsoleStore(), []);
  const api = useMemo(() => createApiClient({ fetch: browserFetch, token, onSignedOut: (error) => signOut(signedOutNotice(error.message)) }), [token, signOut]);

  useEffect(() => {
    const feed = connectFeed({
      fetch: browserFetch,
      token,
      onEvent: (event) => store.applyFeedEvent(event, Date.now()),
      onStatus: (status) => store.setFeedStatus(status),
      onSignedOut: (error) => signOut(signedOutNotice(error.message)),
    });
    return () => feed.close();
  }, [token, store, signOut]);

  const context = useMemo<ConsoleContextValue>(
    () => ({ api, store, session, token, fetch: browserFetch, theme, signOut }),
    [api, store, session, token, theme, signOut],
  );

  return (
    <ConsoleContext.Provider value={context}>
      <Header page={page} theme={theme} onToggleTheme={onToggleTheme} onSignOut={() => signOut()} />
      <main className="content">
        <ErrorBoundary key={page}>
          <PageView page={page} />
        </ErrorBoundary>
      </main>
    </ConsoleContext.Provider>
  );
}
