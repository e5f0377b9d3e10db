import { createContext } from 'preact';
import { useContext } from 'preact/hooks';
import type { ConsulClient } from '../api/client';
import type { HealthCheck } from '../api/types';

export interface AppState {
  client: ConsulClient;
  /** The selected datacenter; '' means the agent's own. */
  dc: string;
  /** Every check in the datacenter (/v1/health/state/any), shared by the services, nodes and health views. */
  checks?: HealthCheck[];
  checksError?: string;
}

export const AppContext = createContext<AppState | null>(null);

export function useApp(): AppState {
  const state = useContext(AppContext);
  if (!state) throw new Error('useApp() outside <AppContext.Provider>');
  return state;
}

/** The dc parameter for a request, omitted for the agent's own datacenter. */
export function dcParam(dc: string): { dc?: string } {
  return dc ? { dc } : {};
}
