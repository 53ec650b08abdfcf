import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { App as AntApp } from 'antd';
import { describe, expect, it } from 'vitest';
import { vi as messages } from '../../i18n/vi';
import { json, requests, setFetchHandler } from '../../test/fetch';
import { NotificationsPage } from './NotificationsPage';

const t = messages.notifications;
const TEMPLATES = {
  items: [
    {
      code: 'dossier.received',
      channel: 'sms',
      subject: null,
      body: 'Saola: hồ sơ {{code}} đã được tiếp nhận. Hẹn trả kết quả: {{dueAt}}. Tra cứu: {{lookupUrl}}',
      variables: ['applicantName', 'code', 'procedureName', 'agencyName', 'lookupUrl', 'receivedAt', 'dueAt'],
      requiredVariables: ['code', 'dueAt'],
      description: 'Hồ sơ được tiếp nhận: mã hồ sơ và ngày hẹn trả.',
      version: 3,
      updatedAt: '2026-11-24T01:00:00.000Z',
      updatedByName: null,
    },
  ],
};
const OUTBOX = {
  items: [
    {
      id: '6f1c1f0e-8a61-4a39-9d0b-0f3b8f5a0a11',
      channel: 'sms',
      to: '0912345678',
      template: 'dossier.received',
      status: 'failed',
      attempts: 6,
      lastError: 'Cổng SMS trả lời HTTP 502',
      createdAt: '2026-11-24T01:00:00.000Z',
      sentAt: null,
    },
  ],
  nextCursor: null,
};

function renderPage() {
  const client = new QueryClient({ defaultOptions: { queries: { retry: false } } });
  render(
    <QueryClientProvider client={client}>
      <AntApp>
        <NotificationsPage />
      </AntApp>
    </QueryClientProvider>,
  );
}

const path = (r: Request) => new URL(r.url).pathname;

describe('NotificationsPage', () => {
  it('edits a template: placeholders, preview with sample data, required placeholder kept, saved with its version', async () => {
    let saved: unknown = null;
    setFetchHandler(async (r) => {
      if (r.method === 'GET' && path(r) === '/api/v1/notifications/templates') return json(TEMPLATES);
      if (r.method === 'PUT' && path(r) === '/api/v1/notifications/templates/dossier.received') {
        saved = await r.json();
        return json({ ...TEMPLATES.items[0], version: 4 });
      }
      return json({ code: 'not_found', detail: 'Không tìm thấy.', status: 404 }, 404);
    });
    renderPage();
    fireEvent.click(
      await screen.findByRole('button', { name: t.templates.editLabel('dossier.received', 'SMS') }, { timeout: 5000 }),
    );
    const drawer = await screen.findByRole('dialog');
    // The preview fills the placeholders with sample data.
    expect(
      within(drawer).getByText(/Saola: hồ sơ 000\.00\.11\.H45-260310-0001 đã được tiếp nhận\. Hẹn trả kết quả: 17:00/),
    ).toBeTruthy();
    const body = within(drawer).getByLabelText(t.templates.body);
    fireEvent.change(body, { target: { value: 'Hồ sơ {{code}} đã tiếp nhận. {{ten}}' } });
    await within(drawer).findByText(t.editor.missing('{{dueAt}}'));
    within(drawer).getByText(t.editor.unknown('{{ten}}'));
    const save = within(drawer).getByRole('button', { name: t.editor.save });
    expect((save as HTMLButtonElement).disabled).toBe(true);

    fireEvent.change(body, { target: { value: 'Hồ sơ {{code}} đã tiếp nhận.' } });
    fireEvent.click(within(drawer).getByRole('button', { name: '{{dueAt}} *' }));
    await waitFor(() => expect((body as HTMLTextAreaElement).value).toBe('Hồ sơ {{code}} đã tiếp nhận. {{dueAt}}'));
    await waitFor(() => expect((save as HTMLButtonElement).disabled).toBe(false));
    fireEvent.click(save);
    await waitFor(() =>
      expect(saved).toEqual({
        channel: 'sms',
        version: 3,
        subject: null,
        body: 'Hồ sơ {{code}} đã tiếp nhận. {{dueAt}}',
      }),
    );
  });

  it('says plainly when someone else saved the template first (409)', async () => {
    setFetchHandler((r) => {
      if (r.method === 'GET') return json(TEMPLATES);
      return json({ code: 'stale_version', detail: 'Mẫu thông báo đã được người khác sửa.', status: 409 }, 409);
    });
    renderPage();
    fireEvent.click(
      await screen.findByRole('button', { name: t.templates.editLabel('dossier.received', 'SMS') }, { timeout: 5000 }),
    );
    const drawer = await screen.findByRole('dialog');
    fireEvent.click(within(drawer).getByRole('button', { name: t.editor.save }));
    await within(drawer).findByText(t.editor.stale);
  });

  it('filters the outbox by status and shows the last error of a failed message', async () => {
    setFetchHandler((r) => {
      if (path(r) === '/api/v1/notifications/templates') return json(TEMPLATES);
      if (path(r) === '/api/v1/notifications/outbox')
        return json(new URL(r.url).searchParams.get('status') === 'failed' ? OUTBOX : { items: [], nextCursor: null });
      return json({ code: 'not_found', detail: 'Không tìm thấy.', status: 404 }, 404);
    });
    renderPage();
    fireEvent.click(screen.getByRole('tab', { name: t.tabs.outbox }));
    await screen.findByText(t.outbox.empty);
    fireEvent.click(screen.getByText(t.outbox.statusOptions.failed));
    await screen.findByText('Cổng SMS trả lời HTTP 502');
    expect(screen.getByText(t.outbox.retryNote)).toBeTruthy();
    const asked = requests.filter((r) => path(r) === '/api/v1/notifications/outbox').map((r) => new URL(r.url).search);
    expect(asked).toContain('?limit=50&status=failed');
  });
});
