import { useConsole } from '../console-context';
import type { BackendsView } from '@switchyard/contracts';
import { type Polled, usePolling } from './usePolling';

/** Polls `/backends` and merges each answer into the console store (where feed heartbeats also land). */
export function useBackends(intervalMs: number): Polled<BackendsView> {
  const { api, store } = useConsole();
  return usePolling(async (signal) => {
    const requestedAt = Date.now();
    const view = await api.backends(signal);
    store.applyBackends(view, requestedAt, Date.now());
    return view;
  }, intervalMs);
}
