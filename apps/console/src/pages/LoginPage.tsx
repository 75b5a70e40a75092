import type { ConsoleSession } from '@switchyard/contracts';
import { type FormEvent, useState } from 'react';
import { browserFetch } from '../browser';
import { ErrorMessage } from '../components/ErrorMessage';
import { ThemeToggle } from '../components/ThemeToggle';
import { createApiClient } from '../data/api-client';
import { errorFromFailure } from '../data/api-error';
import type { Theme } from '../data/theme';

interface LoginPageProps {
  /** Why the console is signed out (a later 401, a failed check), shown until the next try. */
  notice: string | null;
  /** A token to start with (a stored one that could not be checked). */
  initialToken?: string;
  theme: Theme;
  onToggleTheme(): void;
  onSignedIn(token: string, session: ConsoleSession): void;
}

/** A 403 means the gateway has no admin token at all, which no typing can fix: say where it is set, unless the message does. */
function withAdminTokenHint(message: string): string {
  if (/admin_?token/i.test(message)) return message;
  return `${message} (the gateway's admin token is set with SWITCHYARD_GATEWAY__ADMIN_TOKEN in its environment)`;
}

/** Asks for the gateway's admin token and checks it with `GET /console/api/session`. */
export function LoginPage({ notice, initialToken = '', theme, onToggleTheme, onSignedIn }: LoginPageProps) {
  const [token, setToken] = useState(initialToken);
  const [error, setError] = useState<string | null>(notice);
  const [checking, setChecking] = useState(false);

  async function submit(event: FormEvent): Promise<void> {
    event.preventDefault();
    const candidate = token.trim();
    if (candidate === '') {
      setError('Enter the admin token.');
      return;
    }
    setChecking(true);
    setError(null);
    try {
      const session = await createApiClient({ fetch: browserFetch, token: candidate }).session();
      onSignedIn(candidate, session);
    } catch (caught) {
      const failure = errorFromFailure(caught);
      setError(failure.status === 403 ? withAdminTokenHint(failure.message) : failure.message);
      setChecking(false);
    }
  }

  return (
    <main className="login">
      <div className="login-tools">
        <ThemeToggle theme={theme} onToggle={onToggleTheme} />
      </div>
      <form className="login-card" onSubmit={(event) => void submit(event)}>
        <h1>Switchyard console</h1>
        <p className="muted">Sign in with the gateway's admin token. It is kept in this browser tab's session storage only.</p>
        <label htmlFor="token">Admin token</label>
        <input
          id="token"
          type="password"
          autoComplete="current-password"
          autoFocus
          data-testid="token-input"
          value={token}
          onChange={(event) => setToken(event.target.value)}
        />
        <button type="submit" className="button-primary" data-testid="token-submit" disabled={checking}>
          {checking ? 'Checking…' : 'Sign in'}
        </button>
        <ErrorMessage message={error} />
      </form>
    </main>
  );
}
