import { Alert, Button, Card, Col, Empty, Form, List, Modal, Row, Select, Space, Tag, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { ProblemAlert } from '../../components/ProblemAlert';
import { formatDateTime } from '../../format';
import { useT } from '../../i18n';
import { type QueueTicket, type TicketAction, useDesk, useDeskActions, useQueueSetup } from './queue-api';

const storageKey = (agencyId: string) => `saola.queue.counter.${agencyId}`;

/** The officer's screen at a counter: choose the counter, call, recall, skip, transfer, finish. */
export function DeskPanel({ agencyId }: { agencyId: string | undefined }) {
  const t = useT().queue;
  const setup = useQueueSetup(agencyId);
  const [counterId, setCounterId] = useState<string | undefined>(undefined);
  useEffect(() => {
    if (!agencyId || !setup.data) return;
    const saved = localStorage.getItem(storageKey(agencyId));
    const active = setup.data.counters.filter((c) => c.active);
    setCounterId(active.some((c) => c.id === saved) ? (saved ?? undefined) : undefined);
  }, [agencyId, setup.data]);
  const choose = (id: string) => {
    if (agencyId) localStorage.setItem(storageKey(agencyId), id);
    setCounterId(id);
  };
  const desk = useDesk(counterId);
  const { callNext, act, transfer } = useDeskActions(counterId);
  const [message, setMessage] = useState<string | null>(null);
  const [transferOpen, setTransferOpen] = useState(false);
  const [form] = Form.useForm<{ counterId?: string; field?: string }>();

  if (setup.error) return <ProblemAlert error={setup.error} />;
  const counters = setup.data?.counters.filter((c) => c.active) ?? [];
  if (setup.data && counters.length === 0) return <Alert type="info" showIcon message={t.noCounters} />;
  const d = desk.data;
  const current = d?.current ?? null;
  const error = callNext.error ?? act.error ?? transfer.error ?? desk.error;
  const run = (action: TicketAction, ticket: QueueTicket) => {
    setMessage(null);
    act.mutate({ action, ticket });
  };
  const busy = callNext.isPending || act.isPending || transfer.isPending;

  return (
    <Space direction="vertical" size="large" style={{ width: '100%' }}>
      <Space wrap>
        <Typography.Text id="queue-counter-label" strong>
          {t.counter}
        </Typography.Text>
        <Select
          aria-labelledby="queue-counter-label"
          placeholder={t.chooseCounter}
          value={counterId}
          onChange={choose}
          options={counters.map((c) => ({ value: c.id, label: `${c.name} — ${c.fields.join(', ')}` }))}
          style={{ minWidth: 360 }}
          loading={setup.isPending}
        />
        {setup.data ? (
          <>
            <Typography.Link href={`/xep-hang/${encodeURIComponent(setup.data.agency.code)}`} target="_blank">
              {t.kioskLink}
            </Typography.Link>
            <Typography.Link href={`/xep-hang/${encodeURIComponent(setup.data.agency.code)}/bang`} target="_blank">
              {t.boardLink}
            </Typography.Link>
          </>
        ) : null}
      </Space>
      {error ? <ProblemAlert error={error} /> : null}
      {message ? <Alert type="info" showIcon message={message} role="status" /> : null}
      {d ? (
        <Row gutter={[16, 16]}>
          <Col xs={24} lg={10}>
            <Card title={t.current}>
              {current ? (
                <Space direction="vertical" style={{ width: '100%' }}>
                  <Typography.Title level={2} style={{ margin: 0, fontSize: 56 }} data-testid="queue-current">
                    {current.number}
                  </Typography.Title>
                  <Space wrap>
                    <Tag color={current.status === 'serving' ? 'green' : 'gold'}>{t.status[current.status]}</Tag>
                    <span>{current.field}</span>
                    <span>{t.calledTimes(current.callCount)}</span>
                  </Space>
                  <Typography.Text type="secondary">
                    {t.takenAt}: {formatDateTime(current.takenAt)} · {t.calledAt}: {formatDateTime(current.calledAt)}
                  </Typography.Text>
                  <Space wrap>
                    {current.status === 'called' ? (
                      <>
                        <Button onClick={() => run('recall', current)} disabled={busy}>
                          {t.recall}
                        </Button>
                        <Button type="primary" onClick={() => run('start', current)} disabled={busy}>
                          {t.start}
                        </Button>
                        <Button danger onClick={() => run('skip', current)} disabled={busy}>
                          {t.skip}
                        </Button>
                      </>
                    ) : null}
                    <Button onClick={() => setTransferOpen(true)} disabled={busy}>
                      {t.transfer}
                    </Button>
                    <Button type="primary" onClick={() => run('done', current)} disabled={busy}>
                      {t.done}
                    </Button>
                  </Space>
                </Space>
              ) : (
                <Space direction="vertical">
                  <Typography.Paragraph>{t.noCurrent}</Typography.Paragraph>
                  <Button
                    type="primary"
                    size="large"
                    loading={callNext.isPending}
                    onClick={() => {
                      setMessage(null);
                      callNext.mutate(undefined, {
                        onSuccess: (r) => setMessage(r.ticket ? t.called(r.ticket.number) : t.nobodyWaiting),
                      });
                    }}
                  >
                    {t.callNext}
                  </Button>
                </Space>
              )}
            </Card>
            {d.skipped.length > 0 ? (
              <Card title={t.skippedTitle} style={{ marginTop: 16 }}>
                <List
                  size="small"
                  dataSource={d.skipped}
                  renderItem={(x) => (
                    <List.Item
                      actions={[
                        <Button key="recall" onClick={() => run('recall', x)} disabled={busy || !!current}>
                          {t.recall} {x.number}
                        </Button>,
                      ]}
                    >
                      <strong>{x.number}</strong> · {x.field}
                    </List.Item>
                  )}
                />
              </Card>
            ) : null}
          </Col>
          <Col xs={24} lg={14}>
            <Card title={t.waitingList}>
              {d.forMe.length > 0 ? (
                <>
                  <Typography.Title level={3} style={{ fontSize: 16 }}>
                    {t.forMe}
                  </Typography.Title>
                  <TicketList tickets={d.forMe} />
                </>
              ) : null}
              {d.fields.map((f) => (
                <div key={f.prefix} style={{ marginBottom: 12 }}>
                  <Typography.Title level={3} style={{ fontSize: 16 }}>
                    {f.prefix} · {f.field} — {t.waitingCount(f.waiting.length)}{' '}
                    {f.mine ? <Tag color="blue">{t.myField}</Tag> : null}
                  </Typography.Title>
                  {f.waiting.length ? <TicketList tickets={f.waiting} /> : null}
                </div>
              ))}
              {d.fields.length === 0 ? <Empty /> : null}
            </Card>
          </Col>
        </Row>
      ) : null}
      <Modal
        title={t.transferTitle}
        open={transferOpen && !!current}
        onCancel={() => setTransferOpen(false)}
        okButtonProps={{ loading: transfer.isPending }}
        onOk={() => {
          const v = form.getFieldsValue();
          if (!current) return;
          transfer.mutate(
            {
              ticket: current,
              ...(v.counterId ? { counterId: v.counterId } : {}),
              ...(v.field ? { field: v.field } : {}),
            },
            {
              onSuccess: () => {
                setTransferOpen(false);
                form.resetFields();
              },
            },
          );
        }}
      >
        <Typography.Paragraph type="secondary">{t.transferHint}</Typography.Paragraph>
        <Form form={form} layout="vertical">
          <Form.Item name="counterId" label={t.transferCounter}>
            <Select
              allowClear
              options={(d?.counters ?? [])
                .filter((c) => c.id !== counterId)
                .map((c) => ({ value: c.id, label: c.name }))}
            />
          </Form.Item>
          <Form.Item name="field" label={t.transferField}>
            <Select allowClear options={(d?.fields ?? []).map((f) => ({ value: f.field, label: f.field }))} />
          </Form.Item>
        </Form>
        {transfer.error ? <ProblemAlert error={transfer.error} /> : null}
      </Modal>
    </Space>
  );
}

function TicketList({ tickets }: { tickets: QueueTicket[] }) {
  const t = useT().queue;
  return (
    <List
      size="small"
      dataSource={tickets}
      renderItem={(x) => (
        <List.Item>
          <Space>
            <strong>{x.number}</strong>
            <span>
              {t.takenAt}: {formatDateTime(x.takenAt)}
            </span>
            {x.targetCounterName ? <Tag>{x.targetCounterName}</Tag> : null}
          </Space>
        </List.Item>
      )}
    />
  );
}
