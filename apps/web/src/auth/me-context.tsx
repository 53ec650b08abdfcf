import { createContext, useContext } from 'react';
import type { Me } from '../api/types';
import { can, type Permission } from './permissions';

export const MeContext = createContext<Me | null>(null);

/** The signed-in user; only for components rendered inside RequireAuth. */
export function useMe(): Me {
  const me = useContext(MeContext);
  if (!me) throw new Error('useMe() outside RequireAuth');
  return me;
}

export function useCan(permission: Permission): boolean {
  return can(useContext(MeContext), permission);
}
