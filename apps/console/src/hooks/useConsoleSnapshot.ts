import { useSyncExternalStore } from 'react';
import { useConsole } from '../console-context';
import type { ConsoleSnapshot } from '../data/console-store';

/** The console store's current snapshot, re-rendering on each change. */
export function useConsoleSnapshot(): ConsoleSnapshot {
  const { store } = useConsole();
  return useSyncExternalStore(store.subscribe, store.getSnapshot);
}
