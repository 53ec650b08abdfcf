import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { act, fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { App as AntApp } from 'antd';
import { MemoryRouter } from 'react-router';
import { describe, expect, it } from 'vitest';
import type { Me } from '../../api/types';
import { MeContext } from '../../auth/me-context';
import { vi as messages } from '../../i18n/vi';
import { json, requests, setFetchHandler } from '../../test/fetch';
import { ReceptionPage } from './ReceptionPage';

const td = messages.dossiers;
const CENTRE = 'agency-centre';
const DONGHOI = 'agency-donghoi';
const VINHLINH = 'agency-vinhlinh';

const PROCEDURE = {
  id: 'proc-1',
  code: '1.004873',
  name: 'Cấp Giấy xác nhận tình trạng hôn nhân',
  processingTime: { note: 'Trong 03 ngày làm việc' },
  components: [],
  agencyIds: [DONGHOI, VINHLINH],
  // An e-form with one required field, so the test also fills in a form.
  formSchema: {
    type: 'object',
    required: ['mucDich'],
    properties: { mucDich: { type: 'string', title: 'Mục đích sử dụng', maxLength: 500 } },
  },
};

const meAt = (agencyId: string, agencyName: string) =>
  ({
    userId: 'user-1',
    grants: [{ roleCode: 'can_bo_mot_cua', agencyId, agencyName, agencyIds: [agencyId], permissions: [] }],
  }) as unknown as Me;

function api(isCentre: boolean) {
  setFetchHandler(async (r) => {
    const url = new URL(r.url);
    if (r.method === 'GET' && url.pathname === '/api/v1/procedures')
      return json({ items: [{ id: PROCEDURE.id, code: PROCEDURE.code, name: PROCEDURE.name }], nextCursor: null });
    if (r.method === 'GET' && url.pathname === `/api/v1/procedures/${PROCEDURE.id}`) return json(PROCEDURE);
    if (r.method === 'GET' && url.pathname === '/api/v1/dossiers/reception-targets')
      return json(
        isCentre
          ? {
              isCentre: true,
              items: [
                { id: DONGHOI, code: '000.00.61.H50', name: 'UBND phường Đồng Hới', kind: 'ubnd_xa' },
                { id: VINHLINH, code: '000.00.62.H50', name: 'UBND xã Vĩnh Linh', kind: 'ubnd_xa' },
              ],
            }
          : { isCentre: false, items: [] },
      );
    if (r.method === 'POST' && url.pathname === '/api/v1/dossiers') {
      await r.json();
      return json({ code: '000.01.01.H50-261124-0001', dueAt: '2026-11-27T10:00:00.000Z', version: 1 }, 201);
    }
    return json({ status: 404, code: 'not_found', detail: 'Không tìm thấy.' }, 404);
  });
}

function renderPage(me: Me) {
  const client = new QueryClient({ defaultOptions: { queries: { retry: false } } });
  render(
    <MemoryRouter>
      <QueryClientProvider client={client}>
        <AntApp>
          <MeContext.Provider value={me}>
            <ReceptionPage />
          </MeContext.Provider>
        </AntApp>
      </QueryClientProvider>
    </MemoryRouter>,
  );
}

/** The options of the popup of this antd Select (its listbox is named by the combobox's aria-controls). */
function optionsOf(combobox: HTMLElement): HTMLElement[] {
  const listId = combobox.getAttribute('aria-controls') ?? '';
  const popup = document.getElementById(listId)?.closest('.ant-select-dropdown');
  return Array.from(popup?.querySelectorAll<HTMLElement>('.ant-select-item-option') ?? []);
}

/** Opens the Select and clicks its option with this text. */
async function pick(combobox: HTMLElement, text: string) {
  fireEvent.mouseDown(combobox);
  const option = await waitFor(() => {
    const found = optionsOf(combobox).find((o) => o.textContent === text);
    if (!found) throw new Error(`no option ${text}`);
    return found;
  });
  act(() => {
    fireEvent.click(option);
  });
}

/** Picks the procedure in the searchable select (the list comes from GET /procedures). */
async function chooseProcedure() {
  await pick(screen.getByRole('combobox', { name: td.chooseProcedure }), `${PROCEDURE.name} (${PROCEDURE.code})`);
  // The procedure's e-form appears once its detail has loaded.
  await screen.findByLabelText('Mục đích sử dụng', {}, { timeout: 5000 });
}

async function fillAndSubmit() {
  fireEvent.change(screen.getByLabelText(td.name), { target: { value: 'Nguyễn Thị Hoa' } });
  fireEvent.change(screen.getByLabelText('Mục đích sử dụng'), { target: { value: 'Để bổ sung hồ sơ vay vốn' } });
  fireEvent.click(screen.getByRole('button', { name: td.submit }));
}

describe('ReceptionPage: reception by a Trung tâm Phục vụ hành chính công for a commune', () => {
  it('asks a centre for the resolving agency among those the server lists, and sends it as forAgencyId', async () => {
    api(true);
    renderPage(meAt(CENTRE, 'Trung tâm Phục vụ hành chính công tỉnh Quảng Trị'));
    await chooseProcedure();
    const resolving = await screen.findByRole('combobox', { name: td.resolvingAgency });
    const asked = requests.find((r) => r.url.includes('/reception-targets'));
    expect(Object.fromEntries(new URL(asked?.url ?? 'http://x/').searchParams)).toEqual({
      agencyId: CENTRE,
      procedureCode: PROCEDURE.code,
    });
    // Required: without a choice the reception is not sent.
    await fillAndSubmit();
    expect(await screen.findByText(td.resolvingAgencyRequired)).toBeTruthy();
    expect(requests.some((r) => r.method === 'POST')).toBe(false);

    await pick(resolving, 'UBND xã Vĩnh Linh');
    expect(optionsOf(resolving).map((o) => o.textContent)).toEqual(['UBND phường Đồng Hới', 'UBND xã Vĩnh Linh']);
    fireEvent.click(screen.getByRole('button', { name: td.submit }));
    await screen.findByText(td.successTitle('000.01.01.H50-261124-0001'));
    const post = requests.find((r) => r.method === 'POST');
    const body = (await post?.json()) as Record<string, unknown>;
    expect(body).toMatchObject({
      procedureCode: PROCEDURE.code,
      agencyId: CENTRE,
      forAgencyId: VINHLINH,
      formData: { mucDich: 'Để bổ sung hồ sơ vay vốn' },
    });
  });

  it('shows no such field at a commune counter, and sends no forAgencyId', async () => {
    api(false);
    renderPage(meAt(DONGHOI, 'UBND phường Đồng Hới'));
    await chooseProcedure();
    await waitFor(() => expect(requests.some((r) => r.url.includes('/reception-targets'))).toBe(true));
    expect(screen.queryByRole('combobox', { name: td.resolvingAgency })).toBeNull();
    await fillAndSubmit();
    await screen.findByText(td.successTitle('000.01.01.H50-261124-0001'));
    const body = (await requests.find((r) => r.method === 'POST')?.json()) as Record<string, unknown>;
    expect(body.agencyId).toBe(DONGHOI);
    expect(body).not.toHaveProperty('forAgencyId');
    expect(within(document.body).queryByText(td.notImplementedHere)).toBeNull();
  });
});
