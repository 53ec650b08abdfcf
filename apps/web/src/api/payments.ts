import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, unwrap, type BodyOf, type Ok } from './client';

/** Fees and payments of a dossier (modules/payments on the server). */
export type FeeStatus = Ok<'/api/v1/dossiers/{code}/payments', 'get'>;
export type PaymentItem = FeeStatus['payments'][number];
export type SetFeeBody = BodyOf<'/api/v1/dossiers/{code}/fee', 'put'>;
export type ConfirmBody = BodyOf<'/api/v1/dossiers/{code}/payments/confirm', 'post'>;

export const paymentKeys = {
  dossier: (code: string) => ['dossiers', code, 'payments'] as const,
};

export const receiptUrl = (code: string, paymentId: string) =>
  `/api/v1/dossiers/${encodeURIComponent(code)}/payments/${paymentId}/receipt`;

export function useFeeStatus(code: string) {
  return useQuery({
    queryKey: paymentKeys.dossier(code),
    queryFn: () => unwrap(api.GET('/api/v1/dossiers/{code}/payments', { params: { path: { code } } })),
  });
}

export function useSetFee(code: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (body: SetFeeBody) =>
      unwrap(api.PUT('/api/v1/dossiers/{code}/fee', { params: { path: { code } }, body })),
    onSettled: () => client.invalidateQueries({ queryKey: paymentKeys.dossier(code) }),
  });
}

export function useConfirmTransfer(code: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (body: ConfirmBody) =>
      unwrap(api.POST('/api/v1/dossiers/{code}/payments/confirm', { params: { path: { code } }, body })),
    onSettled: () => client.invalidateQueries({ queryKey: paymentKeys.dossier(code) }),
  });
}
