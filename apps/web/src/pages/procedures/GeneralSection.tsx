import { MinusCircleOutlined, PlusOutlined } from '@ant-design/icons';
import { Button, Col, Form, Input, InputNumber, Row, Select, Space, TreeSelect } from 'antd';
import { agencyTreeOptions, useAgencyTree } from '../../api/org';
import { useT } from '../../i18n';

const opts = <K extends string>(labels: Record<K, string>) =>
  (Object.keys(labels) as K[]).map((value) => ({ value, label: labels[value] }));

/** Code, name, field, level, agencies, online mode, processing time, results. */
export function GeneralSection() {
  const t = useT().procedures;
  const f = t.f;
  const tree = useAgencyTree();
  const req = (label: string) => [{ required: true, whitespace: true, message: t.required(label) }];
  return (
    <>
      <Row gutter={16}>
        <Col xs={24} md={8}>
          <Form.Item name="code" label={f.code} extra={f.codeHelp} htmlFor="procedure-code">
            <Input id="procedure-code" placeholder="1.001193" maxLength={8} />
          </Form.Item>
        </Col>
        <Col xs={24} md={16}>
          <Form.Item name="name" label={f.name} rules={req(f.name)} htmlFor="procedure-name">
            <Input id="procedure-name" maxLength={500} />
          </Form.Item>
        </Col>
        <Col xs={24} md={8}>
          <Form.Item name="field" label={f.field} rules={req(f.field)} htmlFor="procedure-field-input">
            <Input id="procedure-field-input" maxLength={200} />
          </Form.Item>
        </Col>
        <Col xs={24} md={8}>
          <Form.Item name="level" label={f.level} htmlFor="procedure-level-input">
            <Select id="procedure-level-input" options={opts(t.levels)} />
          </Form.Item>
        </Col>
        <Col xs={24} md={8}>
          <Form.Item name="onlineMode" label={f.onlineMode} htmlFor="procedure-online">
            <Select id="procedure-online" options={opts(t.onlineModes)} />
          </Form.Item>
        </Col>
        <Col xs={24}>
          <Form.Item name="agencyIds" label={f.agencies} htmlFor="procedure-agencies">
            <TreeSelect
              id="procedure-agencies"
              multiple
              treeCheckable
              showCheckedStrategy={TreeSelect.SHOW_ALL}
              treeCheckStrictly={false}
              treeData={agencyTreeOptions(tree.data)}
              loading={tree.isPending}
              treeDefaultExpandAll
              showSearch={{ treeNodeFilterProp: 'title' }}
              style={{ width: '100%' }}
            />
          </Form.Item>
        </Col>
      </Row>
      <Row gutter={16}>
        <Col xs={24} md={8}>
          <Form.Item name={['processingTime', 'kind']} label={f.timeKind} htmlFor="procedure-time-kind">
            <Select id="procedure-time-kind" options={opts(t.timeKinds)} />
          </Form.Item>
        </Col>
        <Col xs={12} md={4}>
          <Form.Item
            name={['processingTime', 'amount']}
            label={f.timeAmount}
            rules={[{ required: true, message: t.required(f.timeAmount) }]}
            htmlFor="procedure-time-amount"
          >
            <InputNumber id="procedure-time-amount" min={0} precision={0} style={{ width: '100%' }} />
          </Form.Item>
        </Col>
        <Col xs={12} md={6}>
          <Form.Item name={['processingTime', 'unit']} label={f.timeUnit} htmlFor="procedure-time-unit">
            <Select id="procedure-time-unit" options={opts(t.units)} />
          </Form.Item>
        </Col>
        <Col xs={24} md={6}>
          <Form.Item
            name={['processingTime', 'cutoffTime']}
            label={f.cutoff}
            extra={f.cutoffHelp}
            rules={[{ pattern: /^[0-2][0-9]:[0-5][0-9]$/, message: f.cutoffHelp }]}
            htmlFor="procedure-cutoff"
          >
            <Input id="procedure-cutoff" placeholder="15:00" maxLength={5} />
          </Form.Item>
        </Col>
        <Col xs={24}>
          <Form.Item
            name={['processingTime', 'note']}
            label={f.timeNote}
            rules={req(f.timeNote)}
            htmlFor="procedure-time-note"
          >
            <Input.TextArea id="procedure-time-note" autoSize={{ minRows: 1, maxRows: 4 }} />
          </Form.Item>
        </Col>
      </Row>
      <Form.Item label={f.extensions}>
        <Form.List name={['processingTime', 'extensions']}>
          {(items, { add, remove }) => (
            <>
              {items.map(({ key, name }) => (
                <Space key={key} align="baseline" wrap>
                  <Form.Item name={[name, 'amount']} rules={[{ required: true, message: t.required(f.timeAmount) }]}>
                    <InputNumber min={1} precision={0} aria-label={f.timeAmount} />
                  </Form.Item>
                  <Form.Item name={[name, 'unit']} initialValue="working_days">
                    <Select style={{ width: 160 }} options={opts(t.units)} aria-label={f.timeUnit} />
                  </Form.Item>
                  <Form.Item name={[name, 'when']} rules={[{ required: true, message: t.required(f.extensionWhen) }]}>
                    <Input style={{ width: 360 }} placeholder={f.extensionWhen} aria-label={f.extensionWhen} />
                  </Form.Item>
                  <RemoveButton onClick={() => remove(name)} />
                </Space>
              ))}
              <AddButton onClick={() => add({ amount: 1, unit: 'working_days', when: '' })} />
            </>
          )}
        </Form.List>
      </Form.Item>
      <StringList name="results" label={f.results} itemLabel={f.result} />
      <StringList name="unverified" label={f.unverified} itemLabel={f.unverified} />
    </>
  );
}

export function AddButton({ onClick, label }: { onClick: () => void; label?: string }) {
  const t = useT().procedures;
  return (
    <Button type="dashed" onClick={onClick} icon={<PlusOutlined aria-hidden="true" />}>
      {label ?? t.add}
    </Button>
  );
}

export function RemoveButton({ onClick }: { onClick: () => void }) {
  const t = useT().procedures;
  return (
    <Button
      type="text"
      danger
      onClick={onClick}
      icon={<MinusCircleOutlined aria-hidden="true" />}
      aria-label={t.remove}
    />
  );
}

function StringList({ name, label, itemLabel }: { name: string; label: string; itemLabel: string }) {
  const t = useT().procedures;
  return (
    <Form.Item label={label}>
      <Form.List name={name}>
        {(items, { add, remove }) => (
          <>
            {items.map(({ key, name: n }) => (
              <Space key={key} align="baseline" style={{ display: 'flex' }}>
                <Form.Item name={n} rules={[{ required: true, whitespace: true, message: t.required(itemLabel) }]}>
                  <Input.TextArea autoSize={{ minRows: 1, maxRows: 4 }} style={{ width: 640 }} aria-label={itemLabel} />
                </Form.Item>
                <RemoveButton onClick={() => remove(n)} />
              </Space>
            ))}
            <AddButton onClick={() => add('')} />
          </>
        )}
      </Form.List>
    </Form.Item>
  );
}
