import { Alert, Card, Checkbox, Col, Form, Input, InputNumber, Row, Select } from 'antd';
import type { WorkflowStep } from '../../api/procedures';
import { useT } from '../../i18n';
import { AddButton, RemoveButton } from './GeneralSection';

const opts = <K extends string>(labels: Record<K, string>) =>
  (Object.keys(labels) as K[]).map((value) => ({ value, label: labels[value] }));

/** Dossier components: name, originals, copies, original/copy, required, condition. */
export function ComponentsSection() {
  const t = useT().procedures;
  const f = t.f;
  return (
    <Form.List name="components">
      {(items, { add, remove }) => (
        <>
          {items.map(({ key, name }, i) => (
            <Card
              key={key}
              size="small"
              title={`${i + 1}.`}
              extra={<RemoveButton onClick={() => remove(name)} />}
              style={{ marginBottom: 12 }}
              data-testid={`component-${i}`}
            >
              <Row gutter={12}>
                <Col xs={24}>
                  <Form.Item
                    name={[name, 'name']}
                    label={f.componentName}
                    rules={[{ required: true, whitespace: true, message: t.required(f.componentName) }]}
                  >
                    <Input.TextArea autoSize={{ minRows: 1, maxRows: 4 }} aria-label={f.componentName} />
                  </Form.Item>
                </Col>
                <Col xs={12} md={4}>
                  <Form.Item
                    name={[name, 'originals']}
                    label={f.originals}
                    rules={[{ required: true, message: t.required(f.originals) }]}
                  >
                    <InputNumber min={0} precision={0} aria-label={f.originals} />
                  </Form.Item>
                </Col>
                <Col xs={12} md={4}>
                  <Form.Item
                    name={[name, 'copies']}
                    label={f.copies}
                    rules={[{ required: true, message: t.required(f.copies) }]}
                  >
                    <InputNumber min={0} precision={0} aria-label={f.copies} />
                  </Form.Item>
                </Col>
                <Col xs={24} md={6}>
                  <Form.Item name={[name, 'form']} label={f.componentForm}>
                    <Select options={opts(t.componentForms)} aria-label={f.componentForm} />
                  </Form.Item>
                </Col>
                <Col xs={24} md={3}>
                  <Form.Item name={[name, 'required']} label={f.required} valuePropName="checked">
                    <Checkbox aria-label={f.required} />
                  </Form.Item>
                </Col>
                <Col xs={24} md={7}>
                  <Form.Item name={[name, 'condition']} label={f.condition}>
                    <Input aria-label={f.condition} />
                  </Form.Item>
                </Col>
                <Col xs={24}>
                  <Form.Item
                    name={[name, 'templateUrl']}
                    label={f.templateUrl}
                    rules={[{ pattern: /^https?:\/\//, message: f.templateUrlHelp }]}
                  >
                    <Input aria-label={f.templateUrl} placeholder="https://" />
                  </Form.Item>
                </Col>
              </Row>
            </Card>
          ))}
          <AddButton
            onClick={() =>
              add({ name: '', originals: 1, copies: 0, form: 'ban_chinh', required: true, condition: null })
            }
          />
        </>
      )}
    </Form.List>
  );
}

/** Workflow template: ordered steps with role, share of the time and approval flag. */
export function WorkflowSection() {
  const t = useT().procedures;
  const f = t.f;
  const steps = Form.useWatch<WorkflowStep[] | undefined>('workflow');
  const total = (steps ?? []).reduce((s, x) => s + (Number(x?.share) || 0), 0);
  return (
    <>
      <Alert type={total === 100 ? 'success' : 'warning'} title={f.shareTotal(total)} style={{ marginBottom: 12 }} />
      <Form.List name="workflow">
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
                <Row gutter={12}>
                  <Col xs={12} md={4}>
                    <Form.Item
                      name={[name, 'key']}
                      label={f.stepKey}
                      rules={[{ required: true, pattern: /^[a-z][a-z0-9_]{0,39}$/, message: t.required(f.stepKey) }]}
                    >
                      <Input aria-label={f.stepKey} />
                    </Form.Item>
                  </Col>
                  <Col xs={24} md={8}>
                    <Form.Item
                      name={[name, 'name']}
                      label={f.stepName}
                      rules={[{ required: true, whitespace: true, message: t.required(f.stepName) }]}
                    >
                      <Input aria-label={f.stepName} />
                    </Form.Item>
                  </Col>
                  <Col xs={12} md={5}>
                    <Form.Item
                      name={[name, 'role']}
                      label={f.role}
                      rules={[{ required: true, pattern: /^[a-z_]{2,40}$/, message: t.required(f.role) }]}
                    >
                      <Input aria-label={f.role} />
                    </Form.Item>
                  </Col>
                  <Col xs={12} md={4}>
                    <Form.Item
                      name={[name, 'share']}
                      label={f.share}
                      rules={[{ required: true, message: t.required(f.share) }]}
                    >
                      <InputNumber min={0} max={100} precision={0} aria-label={f.share} />
                    </Form.Item>
                  </Col>
                  <Col xs={12} md={3}>
                    <Form.Item name={[name, 'isApproval']} label={f.isApproval} valuePropName="checked">
                      <Checkbox aria-label={f.isApproval} />
                    </Form.Item>
                  </Col>
                </Row>
              </Card>
            ))}
            <AddButton onClick={() => add({ key: '', name: '', role: 'chuyen_vien', share: 0, isApproval: false })} />
          </>
        )}
      </Form.List>
    </>
  );
}

/** Legal basis: document number, title, articles. */
export function LegalSection() {
  const t = useT().procedures;
  const f = t.f;
  return (
    <Form.List name="legalBasis">
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
              <Row gutter={12}>
                <Col xs={24} md={6}>
                  <Form.Item
                    name={[name, 'document']}
                    label={f.document}
                    rules={[{ required: true, whitespace: true, message: t.required(f.document) }]}
                  >
                    <Input aria-label={f.document} />
                  </Form.Item>
                </Col>
                <Col xs={24} md={12}>
                  <Form.Item
                    name={[name, 'title']}
                    label={f.docTitle}
                    rules={[{ required: true, whitespace: true, message: t.required(f.docTitle) }]}
                  >
                    <Input aria-label={f.docTitle} />
                  </Form.Item>
                </Col>
                <Col xs={24} md={6}>
                  <Form.Item name={[name, 'articles']} label={f.articles}>
                    <Input aria-label={f.articles} />
                  </Form.Item>
                </Col>
              </Row>
            </Card>
          ))}
          <AddButton onClick={() => add({ document: '', title: '', articles: null })} />
        </>
      )}
    </Form.List>
  );
}
