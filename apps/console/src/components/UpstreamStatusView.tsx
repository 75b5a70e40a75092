import type { RateLimitWindow, UpstreamStatus } from '@switchyard/contracts';
import { formatClock, formatFromNow, formatNumber } from '../data/format';

interface UpstreamStatusViewProps {
  upstream: UpstreamStatus;
  now: number;
}

const WINDOWS = [
  ['requests', 'Requests', 'requests'],
  ['tokens', 'Tokens', 'tokens'],
  ['inputTokens', 'Input tokens', 'tokens'],
  ['outputTokens', 'Output tokens', 'tokens'],
] as const;

function windowText(window: RateLimitWindow, unit: string, now: number): string {
  const remaining = window.remaining !== undefined ? formatNumber(window.remaining) : '?';
  const limit = window.limit !== undefined ? formatNumber(window.limit) : '?';
  const reset = window.resetAt !== undefined ? `, resets ${formatFromNow(window.resetAt, now)} (${formatClock(window.resetAt)})` : '';
  return `${remaining} of ${limit} ${unit} left${reset}`;
}

/** A cloud worker's view of its provider: reachable or why not, and the rate-limit headroom it last read. */
export function UpstreamStatusView({ upstream, now }: UpstreamStatusViewProps) {
  const limits = upstream.rateLimits;
  return (
    <dl className="facts" data-testid="upstream">
      <dt>Provider</dt>
      <dd>
        <span className={upstream.reachable ? 'state-text state-up' : 'state-text state-down'}>{upstream.reachable ? 'reachable' : 'unreachable'}</span>
        {upstream.reason ? ` (${upstream.reason})` : ''}
        <span className="muted"> · checked {formatFromNow(upstream.checkedAt, now)}</span>
      </dd>
      {limits
        ? WINDOWS.filter(([field]) => limits[field]).map(([field, label, unit]) => (
            <RateLimitFact key={field} label={label} text={windowText(limits[field] as RateLimitWindow, unit, now)} />
          ))
        : null}
      {limits?.retryAfterUntil !== undefined && limits.retryAfterUntil > now ? (
        <>
          <dt>Retry after</dt>
          <dd className="text-error">provider asked to wait until {formatClock(limits.retryAfterUntil)}</dd>
        </>
      ) : null}
      {limits ? (
        <>
          <dt>Read</dt>
          <dd className="muted">rate limits read {formatFromNow(limits.observedAt, now)}</dd>
        </>
      ) : null}
    </dl>
  );
}

function RateLimitFact({ label, text }: { label: string; text: string }) {
  return (
    <>
      <dt>{label}</dt>
      <dd>{text}</dd>
    </>
  );
}
