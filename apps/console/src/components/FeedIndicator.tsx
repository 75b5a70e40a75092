import { useConsoleSnapshot } from '../hooks/useConsoleSnapshot';
import { useNow } from '../hooks/useNow';
import { formatClock } from '../data/format';

/** Whether the live feed is connected: `live`, `connecting`, `reconnecting in N s`, or stopped. */
export function FeedIndicator() {
  const { feed } = useConsoleSnapshot();
  const now = useNow(feed.state === 'reconnecting' ? 1000 : null);
  let text: string;
  let title: string;
  switch (feed.state) {
    case 'live':
      text = 'live';
      title = `Live feed connected since ${formatClock(feed.since)}`;
      break;
    case 'connecting':
      text = 'connecting';
      title = 'Connecting to the live feed';
      break;
    case 'reconnecting': {
      const seconds = Math.max(0, Math.ceil((feed.retryAt - now) / 1000));
      text = seconds > 0 ? `reconnecting in ${seconds} s` : 'reconnecting';
      title = `Live feed dropped: ${feed.reason}`;
      break;
    }
    case 'stopped':
      text = 'feed stopped';
      title = `Live feed refused: ${feed.reason}`;
      break;
  }
  return (
    <span className={`feed feed-${feed.state}`} data-testid="feed-status" data-state={feed.state} title={title} role="status">
      <span className="feed-dot" aria-hidden="true" />
      {text}
    </span>
  );
}
