import { throughput } from '../data/chat-stream';
import { formatMs, formatNumber, formatTokensPerSecond } from '../data/format';
import { useNow } from '../hooks/useNow';
import type { PlaygroundRun } from '../data/playground-request';
import { ErrorMessage } from './ErrorMessage';

/** The streamed answer and what it says about routing and speed. */
export function PlaygroundResult({ result }: { result: PlaygroundRun | null }) {
  const live = result !== null && result.endedAt === null;
  const now = useNow(live ? 250 : null);
  if (!result) return <div className="panel muted">The answer appears here as it streams.</div>;
  const state = result.run?.state ?? null;
  const ttft = state?.firstContentAt != null ? state.firstContentAt - result.startedAt : null;
  const speed = state ? throughput(state, result.startedAt, result.endedAt ?? now) : null;
  const speedSource = speed ? (speed.source === 'usage' ? `from usage: ${formatNumber(speed.tokens)} completion tokens` : `estimated: ${formatNumber(speed.tokens)} chunks, no usage yet`) : '';
  return (
    <div className="panel playground-result">
      <dl className="facts">
        <dt>Model</dt>
        <dd className="mono" data-testid="pg-model-label">
          {state?.model ?? '—'}
        </dd>
        <dt>Route</dt>
        <dd className="mono" data-testid="pg-route">
          {result.run?.route ?? '—'}
        </dd>
        <dt>Time to first token</dt>
        <dd data-testid="pg-ttft">{formatMs(ttft)}</dd>
        <dt>Speed</dt>
        <dd data-testid="pg-tps">
          {speed ? `${formatTokensPerSecond(speed.tokensPerSecond)} (${speedSource})` : '—'}
        </dd>
        <dt>Status</dt>
        <dd data-testid="pg-status">{live ? 'streaming…' : result.stopped ? 'stopped' : result.error ? 'failed' : `done${state?.finishReason ? ` (${state.finishReason})` : ''}`}</dd>
        {state?.usage ? (
          <>
            <dt>Usage</dt>
            <dd>
              {formatNumber(state.usage.prompt_tokens)} prompt + {formatNumber(state.usage.completion_tokens)} completion = {formatNumber(state.usage.total_tokens)} tokens
            </dd>
          </>
        ) : null}
      </dl>
      <ErrorMessage message={result.error ?? state?.error} />
      <pre className="output" data-testid="pg-output" aria-live="polite">
        {state?.content ?? ''}
      </pre>
    </div>
  );
}
