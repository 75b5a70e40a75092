import type { CreatedConsoleKey } from '@switchyard/contracts';
import { type FormEvent, useState } from 'react';
import { useConsole } from '../console-context';
import { errorFromFailure } from '../data/api-error';
import { buildCreateKey, EMPTY_KEY_FORM, type KeyFormValues } from '../data/key-form';
import { ErrorMessage } from './ErrorMessage';

const LIMIT_FIELDS = [
  ['rpm', 'Requests / min', '60'],
  ['tpm', 'Tokens / min', '150000'],
  ['rpd', 'Requests / day', '3500'],
] as const;

/** Creates a key; the API's validation message (400) is shown as it is. */
export function KeyCreateForm({ onCreated }: { onCreated(created: CreatedConsoleKey): void }) {
  const { api } = useConsole();
  const [values, setValues] = useState<KeyFormValues>(EMPTY_KEY_FORM);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const set = (field: keyof KeyFormValues, value: string): void => setValues({ ...values, [field]: value });

  async function submit(event: FormEvent): Promise<void> {
    event.preventDefault();
    const built = buildCreateKey(values);
    if ('problem' in built) {
      setError(built.problem);
      return;
    }
    setBusy(true);
    setError(null);
    try {
      onCreated(await api.createKey(built.body));
      setValues(EMPTY_KEY_FORM);
    } catch (caught) {
      setError(errorFromFailure(caught).message);
    } finally {
      setBusy(false);
    }
  }

  return (
    <form className="panel key-form" onSubmit={(event) => void submit(event)}>
      <h2>Create a key</h2>
      <div className="form-row">
        <label>
          Name
          <input data-testid="key-name" value={values.name} onChange={(e) => set('name', e.target.value)} placeholder="team-a" maxLength={64} required />
        </label>
        {LIMIT_FIELDS.map(([field, label, placeholder]) => (
          <label key={field}>
            {label}
            <input type="number" min={0} step={1} data-testid={`key-${field}`} value={values[field]} onChange={(e) => set(field, e.target.value)} placeholder={`default ${placeholder}`} />
          </label>
        ))}
        <label className="grow">
          Models (comma-separated patterns, empty for all)
          <input data-testid="key-models" value={values.models} onChange={(e) => set('models', e.target.value)} placeholder="local:*, auto" />
        </label>
        <button type="submit" className="button-primary" data-testid="key-create" disabled={busy}>
          {busy ? 'Creating…' : 'Create key'}
        </button>
      </div>
      <ErrorMessage message={error} context="Not created" />
    </form>
  );
}
