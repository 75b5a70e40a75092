import type { CreatedConsoleKey } from '@switchyard/contracts';
import { useState } from 'react';
import { useConsole } from '../console-context';
import { CreatedKeyNotice } from '../components/CreatedKeyNotice';
import { ErrorMessage } from '../components/ErrorMessage';
import { KeyCreateForm } from '../components/KeyCreateForm';
import { KeyTable } from '../components/KeyTable';
import { usePolling } from '../hooks/usePolling';

export function KeysPage() {
  const { api, session } = useConsole();
  const keys = usePolling((signal) => api.keys(signal), null);
  const [created, setCreated] = useState<CreatedConsoleKey | null>(null);

  return (
    <section className="page" aria-labelledby="keys-title">
      <div className="page-head">
        <h1 id="keys-title">Keys</h1>
        <span className="muted">{session.keysEnabled ? 'clients need a key' : 'no key exists yet: the gateway is open to every client until one is created'}</span>
      </div>
      <KeyCreateForm
        onCreated={(answer) => {
          setCreated(answer);
          keys.refresh();
        }}
      />
      {created ? <CreatedKeyNotice created={created} onDismiss={() => setCreated(null)} /> : null}
      <ErrorMessage message={keys.error?.message} context="Could not load the keys" />
      {keys.data ? <KeyTable keys={keys.data} onRevoked={keys.refresh} /> : !keys.error ? <p className="muted">Loading…</p> : null}
    </section>
  );
}
