import dayjs from 'dayjs';

export function formatDateTime(iso: string | null | undefined): string {
  return iso ? dayjs(iso).format('DD/MM/YYYY HH:mm') : '—';
}

export function formatDate(iso: string | null | undefined): string {
  return iso ? dayjs(iso).format('DD/MM/YYYY') : '—';
}
