import { formatClock, formatFromNow } from '../data/format';
import { DOWN_REASON_TEXT, type WorkerRow } from '../data/worker-state';
import { Meter } from './Meter';
import { UpstreamStatusView } from './UpstreamStatusView';
import { WorkerModels } from './WorkerModels';
import { WorkerResourcesView } from './WorkerResourcesView';

interface WorkerCardProps {
  row: WorkerRow;
  now: number;
}

/** One worker: state, models with measured speed, load, host resources and, for cloud workers, the provider's status. */
export function WorkerCard({ row, now }: WorkerCardProps) {
  const { worker, status } = row;
  const { heartbeat, router } = worker;
  return (
    <article className={`card worker worker-${status.state}`} data-testid={`worker-${heartbeat.workerId}`} data-state={status.state}>
      <header className="card-head">
        <h2 className="mono">{heartbeat.workerId}</h2>
        <span className={`badge badge-${status.state}`}>{status.state}</span>
      </header>
      <div className="muted">
        {heartbeat.kind} worker · provider <span className="mono">{heartbeat.provider}</span> · last heartbeat {formatFromNow(worker.heardAt, now)}
      </div>
      {status.state === 'down' && status.downSince !== null ? (
        <div className="down-since" data-testid="down-since">
          down since {formatClock(status.downSince)} ({status.downReasons.map((reason) => DOWN_REASON_TEXT[reason]).join(', ')})
        </div>
      ) : null}
      <dl className="facts">
        <dt>Load</dt>
        <dd>
          <Meter value={heartbeat.inFlight} max={heartbeat.capacity} text={`${heartbeat.inFlight}/${heartbeat.capacity} in flight`} />
        </dd>
        <dt>Queue</dt>
        <dd>
          <Meter value={heartbeat.queued} max={heartbeat.maxQueue} text={`${heartbeat.queued}/${heartbeat.maxQueue} queued`} />
        </dd>
        <dt>Circuit</dt>
        <dd>
          <span className={`circuit circuit-${router?.circuit ?? 'unknown'}`}>{router?.circuit ?? 'not known to the router'}</span>
          {router ? <span className="muted"> · {router.inFlightFromHere} in flight from this router</span> : null}
        </dd>
      </dl>
      <WorkerModels heartbeat={heartbeat} latency={router?.latency ?? {}} />
      {heartbeat.resources ? <WorkerResourcesView resources={heartbeat.resources} /> : null}
      {heartbeat.upstream ? <UpstreamStatusView upstream={heartbeat.upstream} now={now} /> : null}
    </article>
  );
}
