import { Card, Col, Form, Input, InputNumber, Row, Select, Space } from 'antd';
import type { Fee } from '../../api/procedures';
import { useT } from '../../i18n';
import { AddButton, RemoveButton } from './GeneralSection';

const opts = <K extends string>(labels: Record<K, string>) =>
  (Object.keys(labels) as K[]).map((value) => ({ value, label: labels[value] }));

/** Fees and charges in đồng: fixed, tiered, by case, set by the province's HĐND, or free. */
export function FeesSection() {
  return (
    <Form.List name="fees">
      {(items, { add, remove }) => (
        <>
          {items.map(({ key, name }, i) => (
            <Card
              key={key}
              size="small"
              title={`${i + 1}.`}
              extra={<RemoveButton onClick={() => remove(name)} />}
              style={{ marginBottom: 12 }}
            >
              <FeeFields index={name} />
            </Card>
          ))}
          <AddButton
            onClick={() =>
              add({
                kind: 'le_phi',
                name: '',
                mode: 'fixed',
                amountVnd: 0,
                unit: null,
                tiers: [],
                capVnd: null,
                cases: [],
                basis: '',
              } satisfies Fee)
            }
          />
        </>
      )}
    </Form.List>
  );
}

function FeeFields({ index }: { index: number }) {
  const t = useT().procedures;
  const f = t.f;
  const mode = Form.useWatch<Fee['mode'] | undefined>(['fees', index, 'mode']);
  const req = (label: string) => [{ required: true, whitespace: true, message: t.required(label) }];
  return (
    <Row gutter={12}>
      <Col xs={12} md={4}>
        <Form.Item name={[index, 'kind']} label={f.feeKind}>
          <Select options={opts(t.feeKinds)} aria-label={f.feeKind} />
        </Form.Item>
      </Col>
      <Col xs={24} md={10}>
        <Form.Item name={[index, 'name']} label={f.feeName} rules={req(f.feeName)}>
          <Input aria-label={f.feeName} />
        </Form.Item>
      </Col>
      <Col xs={24} md={6}>
        <Form.Item name={[index, 'mode']} label={f.feeMode}>
          <Select options={opts(t.feeModes)} aria-label={f.feeMode} />
        </Form.Item>
      </Col>
      <Col xs={12} md={4}>
        <Form.Item name={[index, 'unit']} label={f.feeUnit}>
          <Input aria-label={f.feeUnit} />
        </Form.Item>
      </Col>
      {mode === 'fixed' || mode === 'free' || mode === 'by_case' ? (
        <Col xs={12} md={6}>
          <Form.Item
            name={[index, 'amountVnd']}
            label={f.amountVnd}
            rules={[{ required: true, message: t.required(f.amountVnd) }]}
          >
            <InputNumber min={0} precision={0} step={1000} style={{ width: '100%' }} aria-label={f.amountVnd} />
          </Form.Item>
        </Col>
      ) : null}
      {mode === 'tiered' ? (
        <>
          <Col xs={12} md={6}>
            <Form.Item name={[index, 'capVnd']} label={f.capVnd}>
              <InputNumber min={0} precision={0} step={1000} style={{ width: '100%' }} aria-label={f.capVnd} />
            </Form.Item>
          </Col>
          <Col xs={24}>
            <Form.Item label={f.tiers}>
              <Form.List name={[index, 'tiers']}>
                {(items, { add, remove }) => (
                  <>
                    {items.map(({ key, name }) => (
                      <Space key={key} align="baseline" wrap>
                        <Form.Item
                          name={[name, 'fromUnit']}
                          rules={[{ required: true, message: t.required(f.fromUnit) }]}
                        >
                          <InputNumber min={1} precision={0} placeholder={f.fromUnit} aria-label={f.fromUnit} />
                        </Form.Item>
                        <Form.Item
                          name={[name, 'amountVnd']}
                          rules={[{ required: true, message: t.required(f.amountVnd) }]}
                        >
                          <InputNumber
                            min={0}
                            precision={0}
                            step={1000}
                            placeholder={f.amountVnd}
                            aria-label={f.amountVnd}
                          />
                        </Form.Item>
                        <RemoveButton onClick={() => remove(name)} />
                      </Space>
                    ))}
                    <AddButton onClick={() => add({ fromUnit: items.length + 1, amountVnd: 0 })} />
                  </>
                )}
              </Form.List>
            </Form.Item>
          </Col>
        </>
      ) : null}
      {mode === 'by_case' || mode === 'provincial' ? (
        <Col xs={24}>
          <Form.Item label={f.cases} extra={f.caseAmountHelp}>
            <Form.List name={[index, 'cases']}>
              {(items, { add, remove }) => (
                <>
                  {items.map(({ key, name }) => (
                    <Space key={key} align="baseline" wrap>
                      <Form.Item
                        name={[name, 'when']}
                        rules={[{ required: true, whitespace: true, message: t.required(f.caseWhen) }]}
                      >
                        <Input style={{ width: 420 }} placeholder={f.caseWhen} aria-label={f.caseWhen} />
                      </Form.Item>
                      <Form.Item name={[name, 'amountVnd']}>
                        <InputNumber
                          min={0}
                          precision={0}
                          step={1000}
                          placeholder={f.amountVnd}
                          aria-label={f.amountVnd}
                        />
                      </Form.Item>
                      <RemoveButton onClick={() => remove(name)} />
                    </Space>
                  ))}
                  <AddButton onClick={() => add({ when: '', amountVnd: null })} />
                </>
              )}
            </Form.List>
          </Form.Item>
        </Col>
      ) : null}
      <Col xs={24}>
        <Form.Item name={[index, 'basis']} label={f.basis} rules={req(f.basis)}>
          <Input aria-label={f.basis} />
        </Form.Item>
      </Col>
    </Row>
  );
}
