import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { api, unwrap, type Ok } from '../../api/client';

/** Shapes of the statistics API, derived from the generated schema. */
export type StatisticsReport = Ok<'/api/v1/statistics/dossiers', 'get'>;
export type StatRow = StatisticsReport['rows'][number];
export type StatCounts = StatisticsReport['totals'];
export type Indicator766 = StatisticsReport['indicators766']['items'][number];
export type GroupBy = StatisticsReport['groupBy'];

export interface StatisticsQuery {
  from: string;
  to: string;
  agencyId?: string;
  groupBy: GroupBy;
}

function params(q: StatisticsQuery) {
  return { from: q.from, to: q.to, groupBy: q.groupBy, ...(q.agencyId ? { agencyId: q.agencyId } : {}) };
}

export function useStatistics(q: StatisticsQuery) {
  return useQuery({
    queryKey: ['statistics', 'dossiers', q] as const,
    queryFn: () => unwrap(api.GET('/api/v1/statistics/dossiers', { params: { query: params(q) } })),
    placeholderData: keepPreviousData,
  });
}

export function statisticsXlsxUrl(q: StatisticsQuery): string {
  return `/api/v1/statistics/dossiers.xlsx?${new URLSearchParams(params(q)).toString()}`;
}
