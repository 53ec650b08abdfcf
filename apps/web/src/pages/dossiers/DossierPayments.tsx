import { App, Button, Descriptions, Form, Input, InputNumber, Space, Table, Typography } from 'antd';
import { useState } from 'react';
import { type PaymentItem, receiptUrl, useConfirmTransfer, useFeeStatus, useSetFee } from '../../api/payments';
import { applyProblemToForm, type FieldProblem, isApiError } from '../../api/problem';
import { ProblemAlert } from '../../components/ProblemAlert';
import { StatusTag } from '../../components/StatusTag';
import { formatDateTime } from '../../format';
import { useT } from '../../i18n';
import { formatVnd } from './DossierSections';

const TONE = { none: 'grey', unpaid: 'orange', paid: 'green' } as const;

/**
 * Fees of a dossier for the officer: amount due and paid, the payments with their receipts; for the one-stop
 * officer of the agency (`canCollect`), setting a by-case amount and confirming a VietQR bank transfer.
 */
export function DossierPayments({ code, canCollect }: { code: string; canCollect: boolean }) {
  const t = useT();
  const tp = t.payments;
  const fee = useFeeStatus(code);
  if (fee.error) return <ProblemAlert error={fee.error} />;
  if (!fee.data) return <Typography.Text type="secondary">{t.app.loading}</Typography.Text>;
  const s = fee.data;
  const left = s.amountVnd === null ? 0 : Math.max(0, s.amountVnd - s.paidVnd);
  const settable = s.basis === 'officer' || s.basis === 'to_set';
  return (
    <Space direction="vertical" size={12} style={{ width: '100%' }}>
      <Descriptions
        size="small"
        column={1}
        items={[
          { key: 'due', label: tp.due, children: s.amountVnd === null ? tp.notSet : formatVnd(s.amountVnd) },
          { key: 'paid', label: tp.paid, children: formatVnd(s.paidVnd) },
          {
            key: 'status',
            label: t.dossiers.status,
            children: <StatusTag tone={TONE[s.status]}>{tp.status[s.status]}</StatusTag>,
          },
          { key: 'basis', label: t.dossiers.feeBasis, children: tp.basis[s.basis] },
        ]}
      />
      <Table<PaymentItem>
        rowKey="id"
        size="small"
        pagination={false}
        dataSource={s.payments}
        locale={{ emptyText: <Typography.Text>{tp.noPayments}</Typography.Text> }}
        columns={[
          { title: tp.columns.at, key: 'at', render: (_v, p) => formatDateTime(p.paidAt ?? p.createdAt) },
          { title: tp.columns.method, key: 'method', render: (_v, p) => tp.method[p.method] },
          { title: tp.columns.amount, key: 'amount', align: 'right', render: (_v, p) => formatVnd(p.amountVnd) },
          { title: tp.columns.status, key: 'status', render: (_v, p) => tp.paymentStatus[p.status] },
          { title: tp.columns.reference, key: 'ref', render: (_v, p) => p.reference ?? t.app.none },
          {
            title: tp.receipt,
            key: 'receipt',
            render: (_v, p) =>
              p.receiptNo ? (
                <a href={receiptUrl(code, p.id)} target="_blank" rel="noreferrer">
                  {p.receiptNo}
                </a>
              ) : (
                t.app.none
              ),
          },
        ]}
      />
      {canCollect && settable && s.paidVnd === 0 ? (
        <SetFeeForm code={code} version={s.feeVersion} amount={s.amountVnd} onStale={() => void fee.refetch()} />
      ) : null}
      {canCollect && s.status === 'unpaid' ? <ConfirmForm code={code} left={left} /> : null}
    </Space>
  );
}

function SetFeeForm(props: { code: string; version: number; amount: number | null; onStale: () => void }) {
  const t = useT();
  const tp = t.payments;
  const { message } = App.useApp();
  const [form] = Form.useForm<{ amountVnd: number; note?: string }>();
  const [rest, setRest] = useState<FieldProblem[]>([]);
  const setFee = useSetFee(props.code);
  return (
    <Form
      form={form}
      layout="inline"
      aria-label={tp.setFee}
      initialValues={{ amountVnd: props.amount ?? undefined }}
      onFinish={(values) => {
        setRest([]);
        setFee.mutate(
          { amountVnd: values.amountVnd, version: props.version, ...(values.note ? { note: values.note } : {}) },
          {
            onSuccess: () => void message.success(tp.saved),
            onError: (error) => {
              if (isApiError(error, 'stale_version')) {
                props.onStale();
                void message.warning(tp.stale);
              }
              setRest(applyProblemToForm(form, error));
            },
          },
        );
      }}
    >
      <Form.Item name="amountVnd" label={tp.setFee} rules={[{ required: true, message: tp.required }]}>
        <InputNumber min={0} max={1_000_000_000} step={1000} style={{ width: 160 }} />
      </Form.Item>
      <Form.Item name="note" label={tp.setFeeNote}>
        <Input maxLength={500} style={{ width: 220 }} />
      </Form.Item>
      <Button htmlType="submit" loading={setFee.isPending}>
        {tp.save}
      </Button>
      {setFee.error && !isApiError(setFee.error, 'stale_version') ? (
        <ProblemAlert error={setFee.error} extraFields={rest} />
      ) : null}
    </Form>
  );
}

function ConfirmForm({ code, left }: { code: string; left: number }) {
  const t = useT();
  const tp = t.payments;
  const { message } = App.useApp();
  const [form] = Form.useForm<{ reference: string; amountVnd: number }>();
  const [rest, setRest] = useState<FieldProblem[]>([]);
  const confirm = useConfirmTransfer(code);
  return (
    <div>
      <Typography.Text strong>{tp.confirmTitle}</Typography.Text>
      <Typography.Paragraph type="secondary" style={{ marginBottom: 8 }}>
        {tp.confirmHelp}
      </Typography.Paragraph>
      <Form
        form={form}
        layout="inline"
        aria-label={tp.confirmTitle}
        initialValues={{ amountVnd: left }}
        onFinish={(values) => {
          setRest([]);
          confirm.mutate(values, {
            onSuccess: () => {
              form.resetFields();
              void message.success(tp.confirmed);
            },
            onError: (error) => setRest(applyProblemToForm(form, error)),
          });
        }}
      >
        <Form.Item
          name="reference"
          label={tp.reference}
          rules={[{ required: true, whitespace: true, message: tp.required }, { max: 100 }]}
        >
          <Input style={{ width: 200 }} />
        </Form.Item>
        <Form.Item name="amountVnd" label={tp.amount} rules={[{ required: true, message: tp.required }]}>
          <InputNumber min={1} max={1_000_000_000} step={1000} style={{ width: 160 }} />
        </Form.Item>
        <Button type="primary" htmlType="submit" loading={confirm.isPending}>
          {tp.confirm}
        </Button>
      </Form>
      {confirm.error ? <ProblemAlert error={confirm.error} extraFields={rest} /> : null}
    </div>
  );
}
