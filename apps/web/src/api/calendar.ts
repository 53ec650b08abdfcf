import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, unwrap } from './client';
import { keys } from './keys';
import type { CalendarYearPut } from './types';

export function useHolidays(year: number) {
  return useQuery({
    queryKey: keys.holidays(year),
    queryFn: () => unwrap(api.GET('/api/v1/calendar/holidays', { params: { query: { year } } })),
  });
}

export function useCalendarYear(year: number, enabled: boolean) {
  return useQuery({
    queryKey: keys.calendarYear(year),
    queryFn: () => unwrap(api.GET('/api/v1/calendar/years/{year}', { params: { path: { year } } })),
    enabled,
  });
}

export function useSaveCalendarYear(year: number) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (body: CalendarYearPut) =>
      unwrap(api.PUT('/api/v1/calendar/years/{year}', { params: { path: { year } }, body })),
    onSuccess: async (saved) => {
      client.setQueryData(keys.calendarYear(year), saved);
      await client.invalidateQueries({ queryKey: keys.holidays(year) });
    },
  });
}
