import type { ConsoleSession } from '@switchyard/contracts';
import { useCallback, useEffect, useState } from 'react';
import { browserFetch, sessionStore } from './browser';
import { ConsoleShell } from './components/ConsoleShell';
import { createApiClient } from './data/api-client';
import { errorFromFailure } from './data/api-error';
import { clearToken, readToken, saveToken } from './data/token-storage';
import { useTheme } from './hooks/useTheme';
import { LoginPage } from './pages/LoginPage';

type Auth =
  /** A stored token is being checked. */
  | { phase: 'checking'; token: string }
  | { phase: 'signed-out'; notice: string | null; draft?: string }
  | { phase: 'signed-in'; token: string; session: ConsoleSession };

function startingAuth(): Auth {
  const token = readToken(sessionStore());
  return token ? { phase: 'checking', token } : { phase: 'signed-out', notice: null };
}

export function App() {
  const [theme, toggleTheme] = useTheme();
  const [auth, setAuth] = useState<Auth>(startingAuth);

  const checkingToken = auth.phase === 'checking' ? auth.token : null;
  useEffect(() => {
    if (checkingToken === null) return;
    const controller = new AbortController();
    createApiClient({ fetch: browserFetch, token: checkingToken })
      .session(controller.signal)
      .then((session) => setAuth({ phase: 'signed-in', token: checkingToken, session }))
      .catch((caught: unknown) => {
        const failure = errorFromFailure(caught);
        if (failure.aborted) return;
        if (failure.signedOut) clearToken(sessionStore());
        // Keep the token in the field when the gateway was only unreachable, so one click retries.
        setAuth({ phase: 'signed-out', notice: failure.message, draft: failure.signedOut ? undefined : checkingToken });
      });
    return () => controller.abort();
  }, [checkingToken]);

  const signIn = useCallback((token: string, session: ConsoleSession) => {
    saveToken(sessionStore(), token);
    setAuth({ phase: 'signed-in', token, session });
  }, []);

  const signOut = useCallback((notice?: string) => {
    clearToken(sessionStore());
    setAuth((current) => (current.phase === 'signed-out' ? current : { phase: 'signed-out', notice: notice ?? null }));
  }, []);

  switch (auth.phase) {
    case 'checking':
      return <p className="splash">Checking the saved token…</p>;
    case 'signed-out':
      return <LoginPage notice={auth.notice} initialToken={auth.draft} theme={theme} onToggleTheme={toggleTheme} onSignedIn={signIn} />;
    case 'signed-in':
      return <ConsoleShell key={auth.token} token={auth.token} session={auth.session} theme={theme} onToggleTheme={toggleTheme} signOut={signOut} />;
  }
}
