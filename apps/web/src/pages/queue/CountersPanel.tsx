import { DeleteOutlined, EditOutlined, MinusCircleOutlined, PlusOutlined } from '@ant-design/icons';
import { App, Button, Card, Form, Input, Modal, Popconfirm, Select, Space, Switch, Table, Tag, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { ProblemAlert } from '../../components/ProblemAlert';
import { useT } from '../../i18n';
import { type CounterBody, type QueueCounter, type QueueField, useQueueSetup, useSetupMutations } from './queue-api';

/** Administrators (queue.manage): the kiosk's fields with their letters, and the counters. */
export function CountersPanel({ agencyId }: { agencyId: string | undefined }) {
  const t = useT().queue;
  const common = useT().app;
  const { message } = App.useApp();
  const setup = useQueueSetup(agencyId);
  const m = useSetupMutations(agencyId);
  const [fieldsForm] = Form.useForm<{ fields: QueueField[] }>();
  const [counterForm] = Form.useForm<CounterBody>();
  const [editing, setEditing] = useState<QueueCounter | 'new' | null>(null);

  useEffect(() => {
    if (setup.data) fieldsForm.setFieldsValue({ fields: setup.data.fields });
  }, [setup.data, fieldsForm]);

  if (setup.error) return <ProblemAlert error={setup.error} />;
  const fields = setup.data?.fields ?? [];
  const openCounter = (c: QueueCounter | 'new') => {
    setEditing(c);
    counterForm.setFieldsValue(
      c === 'new'
        ? { code: '', name: '', fields: [], active: true }
        : { code: c.code, name: c.name, fields: c.fields, active: c.active },
    );
  };
  const saveCounter = async () => {
    const body = await counterForm.validateFields();
    if (editing === 'new') await m.createCounter.mutateAsync(body);
    else if (editing)
      await m.updateCounter.mutateAsync({ id: editing.id, body: { ...body, version: editing.version } });
    setEditing(null);
    void message.success(t.saved);
  };

  return (
    <Space direction="vertical" size="large" style={{ width: '100%' }}>
      <Card title={t.fieldsTitle}>
        <Typography.Paragraph type="secondary">{t.fieldsHint}</Typography.Paragraph>
        <Form
          form={fieldsForm}
          onFinish={(v) =>
            m.saveFields.mutate(
              v.fields.map((f) => ({ field: f.field, prefix: f.prefix.toUpperCase() })),
              { onSuccess: () => void message.success(t.saved) },
            )
          }
        >
          <Form.List name="fields">
            {(items, { add, remove }) => (
              <>
                {items.map(({ key, name }) => (
                  <Space key={key} align="baseline" wrap>
                    <Form.Item
                      name={[name, 'prefix']}
                      label={t.prefix}
                      rules={[{ required: true, pattern: /^[A-Za-z]$/ }]}
                    >
                      <Input maxLength={1} style={{ width: 60 }} />
                    </Form.Item>
                    <Form.Item name={[name, 'field']} label={t.fieldName} rules={[{ required: true, max: 200 }]}>
                      <Input style={{ width: 340 }} />
                    </Form.Item>
                    <Button
                      type="text"
                      aria-label={t.delete}
                      icon={<MinusCircleOutlined />}
                      onClick={() => remove(name)}
                    />
                  </Space>
                ))}
                <Space>
                  <Button icon={<PlusOutlined />} onClick={() => add({ field: '', prefix: '' })}>
                    {t.addField}
                  </Button>
                  <Button type="primary" htmlType="submit" loading={m.saveFields.isPending}>
                    {t.saveFields}
                  </Button>
                </Space>
              </>
            )}
          </Form.List>
        </Form>
        {m.saveFields.error ? <ProblemAlert error={m.saveFields.error} /> : null}
      </Card>
      <Card
        title={t.countersTitle}
        extra={
          <Button icon={<PlusOutlined />} onClick={() => openCounter('new')} disabled={fields.length === 0}>
            {t.addCounter}
          </Button>
        }
      >
        {m.deleteCounter.error ? <ProblemAlert error={m.deleteCounter.error} /> : null}
        <Table<QueueCounter>
          rowKey="id"
          loading={setup.isPending}
          dataSource={setup.data?.counters ?? []}
          pagination={false}
          columns={[
            { title: t.code, dataIndex: 'code', width: 90 },
            { title: t.name, dataIndex: 'name' },
            {
              title: t.servedFields,
              dataIndex: 'fields',
              render: (f: string[]) => f.map((x) => <Tag key={x}>{x}</Tag>),
            },
            {
              title: t.active,
              dataIndex: 'active',
              render: (a: boolean) => (a ? <Tag color="green">{t.active}</Tag> : <Tag>{t.inactive}</Tag>),
            },
            {
              title: '',
              key: 'actions',
              render: (_, c) => (
                <Space>
                  <Button icon={<EditOutlined />} onClick={() => openCounter(c)}>
                    {common.edit}
                  </Button>
                  <Popconfirm title={t.deleteConfirm} onConfirm={() => m.deleteCounter.mutate(c)}>
                    <Button danger icon={<DeleteOutlined />}>
                      {t.delete}
                    </Button>
                  </Popconfirm>
                </Space>
              ),
            },
          ]}
        />
      </Card>
      <Modal
        title={editing === 'new' ? t.addCounter : t.editCounter}
        open={editing !== null}
        onCancel={() => setEditing(null)}
        onOk={() => void saveCounter().catch(() => undefined)}
        okButtonProps={{ loading: m.createCounter.isPending || m.updateCounter.isPending }}
      >
        <Form form={counterForm} layout="vertical">
          <Form.Item name="code" label={t.code} rules={[{ required: true, pattern: /^[0-9A-Za-z]{1,10}$/ }]}>
            <Input maxLength={10} />
          </Form.Item>
          <Form.Item name="name" label={t.name} rules={[{ required: true, max: 100 }]}>
            <Input maxLength={100} />
          </Form.Item>
          <Form.Item name="fields" label={t.servedFields}>
            <Select
              mode="multiple"
              options={fields.map((f) => ({ value: f.field, label: `${f.prefix} · ${f.field}` }))}
            />
          </Form.Item>
          <Form.Item name="active" label={t.active} valuePropName="checked">
            <Switch />
          </Form.Item>
        </Form>
        <ProblemAlert error={m.createCounter.error ?? m.updateCounter.error} />
      </Modal>
    </Space>
  );
}
