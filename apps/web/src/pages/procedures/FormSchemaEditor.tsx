import { Alert, Card, Col, Form, Input, Row, Typography } from 'antd';
import { JsonSchemaFields, type FormSchemaLike } from '../../components/JsonSchemaFields';
import { useT } from '../../i18n';

type Parsed = { schema: FormSchemaLike & { type?: unknown; title?: string } } | { error: string };

export function parseFormSchema(text: string | undefined): Parsed {
  try {
    const value: unknown = JSON.parse(text ?? '');
    if (
      typeof value !== 'object' ||
      value === null ||
      Array.isArray(value) ||
      (value as { type?: unknown }).type !== 'object'
    )
      return { error: 'not_object' };
    return { schema: value };
  } catch (e) {
    return { error: e instanceof Error ? e.message : String(e) };
  }
}

/** The e-form tab: JSON Schema text (checked as you type; the server checks it again) and a live preview. */
export function FormSchemaEditor() {
  const t = useT().procedures;
  const form = Form.useFormInstance();
  const text = Form.useWatch<string | undefined>('formSchema', form);
  const parsed = parseFormSchema(text);
  return (
    <Row gutter={16}>
      <Col xs={24} lg={12}>
        <Form.Item
          name="formSchema"
          label={t.f.formSchema}
          extra={t.f.formSchemaHelp}
          htmlFor="procedure-form-schema"
          rules={[
            {
              validator: (_r, value: string) => {
                const p = parseFormSchema(value);
                if ('schema' in p) return Promise.resolve();
                return Promise.reject(
                  new Error(p.error === 'not_object' ? t.f.formNotObject : t.f.formInvalidJson(p.error)),
                );
              },
            },
          ]}
        >
          <Input.TextArea
            id="procedure-form-schema"
            autoSize={{ minRows: 16, maxRows: 40 }}
            spellCheck={false}
            style={{ fontFamily: 'ui-monospace, SFMono-Regular, Menlo, Consolas, monospace', fontSize: 13 }}
          />
        </Form.Item>
      </Col>
      <Col xs={24} lg={12}>
        <Card size="small" title={t.f.formPreview}>
          {'schema' in parsed ? (
            <FormPreview schema={parsed.schema} />
          ) : (
            <Alert type="warning" title={t.f.formNotObject} />
          )}
        </Card>
      </Col>
    </Row>
  );
}

/** Renders the form a citizen or officer fills (fields and nested sections, as at the counter). */
function FormPreview({ schema }: { schema: FormSchemaLike & { title?: string } }) {
  const t = useT().procedures;
  const props = Object.entries(schema.properties ?? {});
  if (props.length === 0) return <Typography.Text type="secondary">{t.f.formNoFields}</Typography.Text>;
  return (
    <Form layout="vertical" disabled={false} component="div" name="form-preview">
      {schema.title ? <Typography.Title level={5}>{schema.title}</Typography.Title> : null}
      {/* Nested objects are rendered by JsonSchemaFields as titled sections, as at the counter. */}
      <JsonSchemaFields schema={schema} name="preview" requiredMessage={t.required} />
    </Form>
  );
}
