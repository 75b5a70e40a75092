import { type FormEvent, useEffect, useRef, useState } from 'react';
import { useConsole } from '../console-context';
import { ErrorMessage } from '../components/ErrorMessage';
import { PlaygroundOptions } from '../components/PlaygroundOptions';
import { PlaygroundResult } from '../components/PlaygroundResult';
import { errorFromFailure } from '../data/api-error';
import { streamChat } from '../data/chat-client';
import { buildChatRequest, modelChoices, type PlaygroundForm, type PlaygroundRun } from '../data/playground-request';
import { usePolling } from '../hooks/usePolling';

const EMPTY_FORM: PlaygroundForm = { model: 'auto', policy: '', temperature: '', maxTokens: '256', json: false, system: '', prompt: '' };

export function PlaygroundPage() {
  const { api, session, token, fetch, signOut } = useConsole();
  const models = usePolling((signal) => api.models(session.apiBase, signal), null);
  const [form, setForm] = useState<PlaygroundForm>(EMPTY_FORM);
  const [result, setResult] = useState<PlaygroundRun | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const running = useRef<AbortController | null>(null);
  const [busy, setBusy] = useState(false);

  // Leaving the page stops the answer.
  useEffect(() => () => running.current?.abort(), []);

  async function send(event: FormEvent): Promise<void> {
    event.preventDefault();
    const built = buildChatRequest(form);
    if ('problem' in built) {
      setProblem(built.problem);
      return;
    }
    setProblem(null);
    const controller = new AbortController();
    running.current = controller;
    setBusy(true);
    const startedAt = Date.now();
    setResult({ run: null, startedAt, endedAt: null, error: null, stopped: false });
    try {
      const final = await streamChat({
        fetch,
        token,
        url: `${session.apiBase}/chat/completions`,
        body: built.request.body,
        headers: built.request.headers,
        signal: controller.signal,
        onUpdate: (run) => setResult((current) => (current && current.startedAt === startedAt ? { ...current, run } : current)),
      });
      setResult((current) => current && { ...current, run: final, endedAt: Date.now(), error: final.state.error });
    } catch (caught) {
      const failure = errorFromFailure(caught);
      if (failure.signedOut) signOut(`Signed out: the gateway refused the admin token (${failure.message}). Sign in again.`);
      setResult((current) => current && { ...current, endedAt: Date.now(), error: failure.aborted ? null : failure.message, stopped: failure.aborted });
    } finally {
      running.current = null;
      setBusy(false);
    }
  }

  return (
    <section className="page" aria-labelledby="playground-title">
      <div className="page-head">
        <h1 id="playground-title">Playground</h1>
        <span className="muted">
          streams <span className="mono">POST {session.apiBase}/chat/completions</span> with the admin token
        </span>
      </div>
      <div className="playground">
        <form className="panel" onSubmit={(event) => void send(event)}>
          <PlaygroundOptions form={form} models={modelChoices(models.data ?? [])} onChange={setForm} />
          <ErrorMessage message={models.error?.message} context="Could not list the models" />
          <ErrorMessage message={problem} />
          <div className="form-row">
            <button type="submit" className="button-primary" data-testid="pg-send" disabled={busy}>
              {busy ? 'Streaming…' : 'Send'}
            </button>
            <button type="button" data-testid="pg-stop" disabled={!busy} onClick={() => running.current?.abort()}>
              Stop
            </button>
          </div>
        </form>
        <PlaygroundResult result={result} />
      </div>
    </section>
  );
}
