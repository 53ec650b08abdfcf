import { useQuery } from '@tanstack/react-query';
import { api, unwrap } from './client';
import { keys } from './keys';
import type { AgencyNode, UnitLevel } from './types';

export function useAgencyTree(enabled = true) {
  return useQuery({
    queryKey: keys.agencyTree,
    queryFn: () => unwrap(api.GET('/api/v1/agencies/tree')),
    staleTime: 5 * 60_000,
    enabled,
  });
}

export function usePositions() {
  return useQuery({
    queryKey: keys.positions,
    queryFn: () => unwrap(api.GET('/api/v1/positions')),
    staleTime: Infinity,
  });
}

export function useRoles(enabled = true) {
  return useQuery({
    queryKey: keys.roles,
    queryFn: () => unwrap(api.GET('/api/v1/roles')),
    staleTime: Infinity,
    enabled,
  });
}

export interface UnitQuery {
  q?: string;
  level?: UnitLevel;
  parentCode?: string;
  asOf?: string;
}

export function useUnits(query: UnitQuery | null) {
  return useQuery({
    queryKey: keys.units(query ?? {}),
    queryFn: () => unwrap(api.GET('/api/v1/units', { params: { query: { ...query, limit: 50 } } })),
    enabled: query !== null,
  });
}

export function useUnitResolve(code: string | null) {
  return useQuery({
    queryKey: keys.unitResolve(code ?? ''),
    queryFn: () => unwrap(api.GET('/api/v1/units/resolve', { params: { query: { code: code ?? '' } } })),
    enabled: !!code,
    retry: false,
  });
}

/** Depth-first list of every agency of the tree. */
export function flattenAgencies(tree: AgencyNode[] | undefined): AgencyNode[] {
  const out: AgencyNode[] = [];
  const walk = (nodes: AgencyNode[]) => {
    for (const n of nodes) {
      out.push(n);
      walk(n.children);
    }
  };
  walk(tree ?? []);
  return out;
}

export interface AgencyOption {
  value: string;
  title: string;
  children: AgencyOption[];
}

/** antd TreeSelect data for an agency tree. */
export function agencyTreeOptions(tree: AgencyNode[] | undefined): AgencyOption[] {
  const map = (nodes: AgencyNode[]): AgencyOption[] =>
    nodes.map((n) => ({ value: n.id, title: n.name, children: map(n.children) }));
  return map(tree ?? []);
}
