import type { CreatedConsoleKey } from '@switchyard/contracts';
import { useState } from 'react';

/** Copies with the Clipboard API; false when the browser refuses (no permission, not a secure context). */
async function copyText(text: string): Promise<boolean> {
  try {
    if (!navigator.clipboard) return false;
    await navigator.clipboard.writeText(text);
    return true;
  } catch {
    return false;
  }
}

/** The new key, shown this once: the gateway keeps only its hash. */
export function CreatedKeyNotice({ created, onDismiss }: { created: CreatedConsoleKey; onDismiss(): void }) {
  const [copyState, setCopyState] = useState<'idle' | 'copied' | 'failed'>('idle');
  return (
    <div className="message message-success created-key" role="status">
      <div>
        Key <strong>{created.record.name}</strong> created. Copy it now: <strong>it will not be shown again.</strong>
      </div>
      <div className="created-key-row">
        <code data-testid="created-key" className="secret">
          {created.key}
        </code>
        <button type="button" data-testid="copy-key" onClick={() => void copyText(created.key).then((ok) => setCopyState(ok ? 'copied' : 'failed'))}>
          Copy
        </button>
        <button type="button" className="button-quiet" onClick={onDismiss}>
          Done
        </button>
      </div>
      {copyState === 'copied' ? <div data-testid="copy-status">Copied to the clipboard.</div> : null}
      {copyState === 'failed' ? <div data-testid="copy-status">The browser would not copy it: select the key above and copy it by hand.</div> : null}
    </div>
  );
}
