import type { ConsoleKey } from '@switchyard/contracts';
import { useState } from 'react';
import { useConsole } from '../console-context';
import { errorFromFailure } from '../data/api-error';
import { formatDateTime } from '../data/format';
import { limitTexts, modelsText } from '../data/key-form';
import { ErrorMessage } from './ErrorMessage';

interface KeyTableProps {
  keys: readonly ConsoleKey[];
  onRevoked(): void;
}

/** Every key, revoked ones included; revoking asks for a second click in the row. */
export function KeyTable({ keys, onRevoked }: KeyTableProps) {
  const { api } = useConsole();
  const [confirming, setConfirming] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  async function revoke(key: ConsoleKey): Promise<void> {
    setBusy(true);
    setError(null);
    try {
      await api.revokeKey(key.id);
      setConfirming(null);
      onRevoked();
    } catch (caught) {
      setError(`${key.name}: ${errorFromFailure(caught).message}`);
    } finally {
      setBusy(false);
    }
  }

  if (keys.length === 0) return <p className="muted">No keys yet.</p>;
  return (
    <>
      <ErrorMessage message={error} context="Not revoked" />
      <div className="table-scroll">
        <table className="table" data-testid="keys-table">
          <thead>
            <tr>
              <th>Name</th>
              <th>Id</th>
              <th>Prefix</th>
              <th className="num">Requests / min</th>
              <th className="num">Tokens / min</th>
              <th className="num">Requests / day</th>
              <th>Models</th>
              <th>Created</th>
              <th>Revoked</th>
              <th aria-label="Actions" />
            </tr>
          </thead>
          <tbody>
            {keys.map((key) => {
              const limits = limitTexts(key.limits);
              return (
                <tr key={key.id} data-testid={`key-row-${key.name}`} className={key.revokedAt ? 'row-revoked' : undefined}>
                  <td>{key.name}</td>
                  <td className="mono small">{key.id}</td>
                  <td className="mono">{key.prefix}…</td>
                  <td className="num">{limits.rpm}</td>
                  <td className="num">{limits.tpm}</td>
                  <td className="num">{limits.rpd}</td>
                  <td className="mono">{modelsText(key.models)}</td>
                  <td className="nowrap">{formatDateTime(key.createdAt)}</td>
                  <td className="nowrap">{key.revokedAt ? formatDateTime(key.revokedAt) : <span className="muted">—</span>}</td>
                  <td className="nowrap actions">
                    {key.revokedAt ? null : confirming === key.id ? (
                      <>
                        <button type="button" className="button-danger" data-testid={`confirm-revoke-${key.name}`} disabled={busy} onClick={() => void revoke(key)}>
                          Confirm revoke
                        </button>{' '}
                        <button type="button" className="button-quiet" onClick={() => setConfirming(null)}>
                          Cancel
                        </button>
                      </>
                    ) : (
                      <button type="button" data-testid={`revoke-${key.name}`} onClick={() => setConfirming(key.id)}>
                        Revoke
                      </button>
                    )}
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
    </>
  );
}
