import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { App as AntApp } from 'antd';
import { describe, expect, it, vi } from 'vitest';
import type { DossierDetail } from '../../api/dossiers';
import type { Me } from '../../api/types';
import { MeContext } from '../../auth/me-context';
import { json, requests, setFetchHandler } from '../../test/fetch';
import { vi as messages } from '../../i18n/vi';
import { DossierActionButtons, assignedStep } from './DossierActions';

const CODE = '000.00.61.H50-261124-0007';
const WORKFLOW = [
  { key: 'tiep_nhan', name: 'Tiếp nhận hồ sơ', role: 'can_bo_mot_cua', isApproval: false },
  { key: 'xu_ly', name: 'Thẩm định, xử lý hồ sơ', role: 'chuyen_vien', isApproval: false },
  { key: 'phe_duyet', name: 'Phê duyệt kết quả', role: 'lanh_dao', isApproval: true },
  { key: 'tra_ket_qua', name: 'Trả kết quả', role: 'can_bo_mot_cua', isApproval: false },
];

/** The fields of the detail the dialog reads (the rest of the API's answer is irrelevant here). */
const dossier = {
  code: CODE,
  version: 3,
  status: 'received',
  currentAgencyId: 'agency-donghoi',
  currentStep: 0,
  dueAt: '2026-11-27T10:00:00.000Z',
  workflow: WORKFLOW,
  allowedActions: ['forward'],
} as unknown as DossierDetail;

const me = {
  userId: 'user-motcua',
  grants: [{ roleCode: 'can_bo_mot_cua', agencyId: 'agency-donghoi', agencyName: 'UBND phường Đồng Hới' }],
} as unknown as Me;

const ASSIGNEES = {
  step: { index: 1, key: 'xu_ly', name: 'Thẩm định, xử lý hồ sơ', role: 'chuyen_vien' },
  agencyId: 'agency-donghoi',
  agencyName: 'UBND phường Đồng Hới',
  items: [
    { id: 'user-cv1', username: 'chuyenvien.donghoi', fullName: 'Trần Văn Đức', positionCode: 'chuyen_vien' },
    { id: 'user-cv2', username: 'chuyenvien2.donghoi', fullName: 'Lê Thị Chuyên', positionCode: null },
  ],
};

function renderActions(onReload = vi.fn()) {
  const client = new QueryClient({ defaultOptions: { queries: { retry: false } } });
  render(
    <QueryClientProvider client={client}>
      <AntApp>
        <MeContext.Provider value={me}>
          <DossierActionButtons dossier={dossier} files={[]} onReload={onReload} />
        </MeContext.Provider>
      </AntApp>
    </QueryClientProvider>,
  );
  return onReload;
}

const td = messages.dossiers;

describe('DossierActionButtons', () => {
  it('offers as assignees only the officers the server lists for the next step', async () => {
    setFetchHandler((r) => {
      if (r.method === 'GET' && new URL(r.url).pathname === `/api/v1/dossiers/${CODE}/assignees`)
        return json(ASSIGNEES);
      return json({ code: 'not_found', detail: 'Không tìm thấy.', status: 404 }, 404);
    });
    renderActions();
    fireEvent.click(screen.getByRole('button', { name: 'Chuyển bước tiếp theo' }));
    const dialog = await screen.findByRole('dialog');
    // The step the dossier goes to, asked with its index; the step and agency are named under the select.
    await within(dialog).findByText(
      `${td.assigneeStep(2, 'Thẩm định, xử lý hồ sơ', 'UBND phường Đồng Hới')} ${td.assigneeHelp}`,
    );
    const asked = requests.find((r) => r.url.includes('/assignees'));
    expect(new URL(asked?.url ?? 'http://x/').searchParams.get('step')).toBe('1');
    fireEvent.mouseDown(within(dialog).getByRole('combobox', { name: td.assigneeOptional }));
    await waitFor(() => expect(screen.getAllByRole('option')).toHaveLength(2));
    const dropdown = document.querySelector('.ant-select-dropdown')?.textContent ?? '';
    expect(dropdown).toContain('Trần Văn Đức');
    expect(dropdown).toContain('Lê Thị Chuyên');
  });

  it('shows the "someone else updated it" message and reloads the dossier when the server answers 409', async () => {
    setFetchHandler(async (r) => {
      const path = new URL(r.url).pathname;
      if (r.method === 'GET' && path === `/api/v1/dossiers/${CODE}/assignees`) return json(ASSIGNEES);
      if (r.method === 'POST' && path === `/api/v1/dossiers/${CODE}/actions/forward`) {
        const body = (await r.json()) as { version: number; note?: string };
        expect(body).toEqual({ version: 3, note: 'Chuyển thẩm định' });
        return json(
          { status: 409, code: 'stale_version', detail: 'Hồ sơ đã được cập nhật bởi người khác (phiên bản cũ).' },
          409,
        );
      }
      return json({ code: 'not_found', detail: 'Không tìm thấy.', status: 404 }, 404);
    });
    const onReload = renderActions();
    fireEvent.click(screen.getByRole('button', { name: 'Chuyển bước tiếp theo' }));
    const dialog = await screen.findByRole('dialog');
    fireEvent.change(within(dialog).getByLabelText(td.note), { target: { value: 'Chuyển thẩm định' } });
    fireEvent.click(within(dialog).getByRole('button', { name: td.confirm }));
    // The friendly Vietnamese text replaces the server's detail; the dialog stays open for a new try.
    expect(await within(dialog).findByText(td.stale)).toBeTruthy();
    expect(within(dialog).queryByText('Hồ sơ đã được cập nhật bởi người khác (phiên bản cũ).')).toBeNull();
    expect(onReload).toHaveBeenCalledTimes(1);
    expect(requests.filter((r) => r.method === 'POST')).toHaveLength(1);
  });

  it('keeps the server’s own message for another conflict (the action is no longer possible)', async () => {
    setFetchHandler((r) => {
      const path = new URL(r.url).pathname;
      if (r.method === 'GET') return json(ASSIGNEES);
      if (path.endsWith('/actions/forward'))
        return json({ status: 409, code: 'wrong_state', detail: 'Đây là bước cuối của quy trình.' }, 409);
      return json({ code: 'not_found', detail: 'Không tìm thấy.', status: 404 }, 404);
    });
    const onReload = renderActions();
    fireEvent.click(screen.getByRole('button', { name: 'Chuyển bước tiếp theo' }));
    const dialog = await screen.findByRole('dialog');
    fireEvent.click(within(dialog).getByRole('button', { name: td.confirm }));
    expect(await within(dialog).findByText('Đây là bước cuối của quy trình.')).toBeTruthy();
    expect(within(dialog).queryByText(td.stale)).toBeNull();
    expect(onReload).toHaveBeenCalledTimes(1);
  });
});

describe('assignedStep', () => {
  it('is the first step on reception, the next one on forward and approve, none otherwise or after the last', () => {
    expect(assignedStep('receive', { currentStep: null, workflow: WORKFLOW })).toBe(0);
    expect(assignedStep('forward', { currentStep: 0, workflow: WORKFLOW })).toBe(1);
    expect(assignedStep('approve', { currentStep: 2, workflow: WORKFLOW })).toBe(3);
    expect(assignedStep('approve', { currentStep: 3, workflow: WORKFLOW })).toBeNull();
    expect(assignedStep('request_supplement', { currentStep: 0, workflow: WORKFLOW })).toBeNull();
  });
});
