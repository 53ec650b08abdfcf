import { PlusOutlined } from '@ant-design/icons';
import { App, Button, Card, Popconfirm, Table, Typography } from 'antd';
import dayjs from 'dayjs';
import { useState } from 'react';
import { flattenAgencies, useAgencyTree } from '../api/org';
import { useApiTokens, useRevokeApiToken } from '../api/tokens';
import type { ApiToken } from '../api/types';
import { permissionLabel } from '../auth/permissions';
import { PageTitle } from '../components/PageTitle';
import { ProblemAlert } from '../components/ProblemAlert';
import { formatDate, formatDateTime } from '../format';
import { useT } from '../i18n';
import { CreateTokenModal } from './tokens/CreateTokenModal';
import { StatusTag } from '../components/StatusTag';

export function ApiTokensPage() {
  const t = useT();
  const tokens = useApiTokens();
  const revoke = useRevokeApiToken();
  const tree = useAgencyTree();
  const { message } = App.useApp();
  const [creating, setCreating] = useState(false);
  const agencyName = (id: string) => flattenAgencies(tree.data).find((a) => a.id === id)?.name ?? id;

  const status = (tok: ApiToken) =>
    tok.revokedAt ? (
      <StatusTag tone="grey">{t.tokens.revokedTag}</StatusTag>
    ) : tok.expiresAt && dayjs(tok.expiresAt).isBefore(dayjs()) ? (
      <StatusTag tone="orange">{t.tokens.expired}</StatusTag>
    ) : (
      <StatusTag tone="green">{t.tokens.active}</StatusTag>
    );

  return (
    <>
      <PageTitle
        title={t.tokens.title}
        extra={
          <Button type="primary" icon={<PlusOutlined aria-hidden="true" />} onClick={() => setCreating(true)}>
            {t.tokens.create}
          </Button>
        }
      />
      <Typography.Paragraph>{t.tokens.help}</Typography.Paragraph>
      <ProblemAlert error={tokens.error ?? revoke.error} />
      <Card>
        <Table<ApiToken>
          rowKey="id"
          size="small"
          loading={tokens.isPending}
          dataSource={tokens.data?.items ?? []}
          pagination={false}
          scroll={{ x: true }}
          locale={{ emptyText: t.tokens.empty }}
          columns={[
            { title: t.tokens.name, dataIndex: 'name' },
            {
              title: t.tokens.prefix,
              dataIndex: 'prefix',
              render: (p: string) => <Typography.Text code>{p}…</Typography.Text>,
            },
            {
              title: t.tokens.scopes,
              dataIndex: 'scopes',
              render: (scopes: string[]) =>
                scopes.map((s) => (
                  <StatusTag key={s} tone="grey" title={permissionLabel(s)}>
                    {s}
                  </StatusTag>
                )),
            },
            { title: t.tokens.agency, dataIndex: 'agencyId', render: agencyName },
            { title: t.tokens.createdAt, dataIndex: 'createdAt', render: formatDate },
            { title: t.tokens.lastUsedAt, dataIndex: 'lastUsedAt', render: formatDateTime },
            { title: t.tokens.expires, dataIndex: 'expiresAt', render: formatDate },
            { title: t.tokens.status, key: 'status', render: (_, tok) => status(tok) },
            {
              title: t.tokens.actions,
              key: 'actions',
              render: (_, tok) =>
                tok.revokedAt ? null : (
                  <Popconfirm
                    title={t.tokens.revokeConfirm}
                    okText={t.tokens.revoke}
                    cancelText={t.app.cancel}
                    onConfirm={() =>
                      revoke.mutateAsync(tok.id).then(
                        () => void message.success(t.tokens.revoked),
                        () => undefined,
                      )
                    }
                  >
                    <Button size="small" danger aria-label={`${t.tokens.revoke}: ${tok.name}`}>
                      {t.tokens.revoke}
                    </Button>
                  </Popconfirm>
                ),
            },
          ]}
        />
      </Card>
      <CreateTokenModal open={creating} onClose={() => setCreating(false)} />
    </>
  );
}
