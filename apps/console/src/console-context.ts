import type { ConsoleSession } from '@switchyard/contracts';
import { createContext, useContext } from 'react';
import type { ApiClient, FetchLike } from './data/api-client';
import type { ConsoleStore } from './data/console-store';
import type { Theme } from './data/theme';

/** What every page of a signed-in console needs. */
export interface ConsoleContextValue {
  api: ApiClient;
  store: ConsoleStore;
  session: ConsoleSession;
  token: string;
  fetch: FetchLike;
  theme: Theme;
  /** Back to the sign-in screen, with a message saying why. */
  signOut(notice?: string): void;
}

export const ConsoleContext = createContext<ConsoleContextValue | null>(null);

export function useConsole(): ConsoleContextValue {
  const value = useContext(ConsoleContext);
  if (!value) throw new Error('useConsole outside a signed-in console');
  return value;
}
