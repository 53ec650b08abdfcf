import { flattenAgencies, useAgencyTree } from '../../api/org';
import { useMe } from '../../auth/me-context';
import { agenciesWith } from '../../auth/permissions';

/**
 * The catalogue is shared by the whole province: the server lets only holders of procedures.manage in a
 * top-level agency (UBND tỉnh) change it. Same rule here, so that nobody sees controls that would get 403.
 */
export function useCanManageCatalogue(): boolean {
  const me = useMe();
  const managed = agenciesWith(me, 'procedures.manage');
  const tree = useAgencyTree(managed.length > 0);
  if (managed.length === 0) return false;
  const agencies = flattenAgencies(tree.data);
  return managed.some((id) => agencies.some((a) => a.id === id && a.parentId === null));
}
