import type { LatencyStats, WorkerHeartbeat } from '@switchyard/contracts';
import { formatMs, formatNumber, formatTokens, formatTokensPerSecond } from '../data/format';

interface WorkerModelsProps {
  heartbeat: WorkerHeartbeat;
  /** The router's measurements per backend id. */
  latency: Record<string, LatencyStats>;
}

/** The worker's models by full backend id, with context, capabilities and the speed the router measured. */
export function WorkerModels({ heartbeat, latency }: WorkerModelsProps) {
  return (
    <ul className="models">
      {heartbeat.models.map((model) => {
        const backend = `${heartbeat.provider}:${model.name}`;
        const stats = latency[backend];
        return (
          <li key={backend} data-testid="worker-model" data-backend={backend}>
            <div className="mono model-id">{backend}</div>
            <div className="muted small">
              {formatTokens(model.contextLength)} context · {model.capabilities.join(', ')}
            </div>
            <div className="small">
              {stats ? (
                <>
                  TTFT {formatMs(stats.ttftMs)} · {formatTokensPerSecond(stats.tokensPerSecond)} · {formatNumber(stats.samples)} samples
                </>
              ) : (
                <span className="muted">not measured yet</span>
              )}
            </div>
          </li>
        );
      })}
    </ul>
  );
}
