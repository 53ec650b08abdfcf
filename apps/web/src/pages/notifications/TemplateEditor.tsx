import { App, Alert, Button, Card, Drawer, Form, Input, Space, Tag, Typography } from 'antd';
import { useState } from 'react';
import { applyProblemToForm, type FieldProblem, isApiError } from '../../api/problem';
import { ProblemAlert } from '../../components/ProblemAlert';
import { useT } from '../../i18n';
import { type NotificationTemplate, useUpdateTemplate } from './notifications-api';
import { checkPlaceholders, renderPreview, smsSegments } from './template-preview';

interface Values {
  subject: string;
  body: string;
}

/**
 * Edits one template: subject (e-mail only) and text, the placeholders it may use (click to insert), a
 * live preview with sample data, and the same checks as the server (unknown placeholders, required ones
 * kept). Saved with the version read (another administrator's save in between → 409, said plainly).
 */
export function TemplateEditor({ template, onClose }: { template: NotificationTemplate; onClose: () => void }) {
  const all = useT();
  const t = all.notifications;
  const { message } = App.useApp();
  const [form] = Form.useForm<Values>();
  const save = useUpdateTemplate();
  const [rest, setRest] = useState<FieldProblem[]>([]);
  const subject = Form.useWatch('subject', form) ?? template.subject ?? '';
  const body = Form.useWatch('body', form) ?? template.body;
  const isEmail = template.channel === 'email';
  const check = checkPlaceholders(isEmail ? [subject, body] : [body], template.variables, template.requiredVariables);
  const list = (names: string[]) => names.map((n) => `{{${n}}}`).join(', ');
  const channelLabel = t.channel[template.channel];

  const insert = (name: string) => {
    const current = (form.getFieldValue('body') as string | undefined) ?? '';
    form.setFieldValue('body', `${current}${current.endsWith(' ') || current === '' ? '' : ' '}{{${name}}}`);
  };

  const submit = (values: Values) => {
    setRest([]);
    save.mutate(
      {
        code: template.code,
        body: {
          channel: template.channel,
          version: template.version,
          subject: isEmail ? values.subject : null,
          body: values.body,
        },
      },
      {
        onSuccess: () => {
          void message.success(t.editor.saved);
          onClose();
        },
        onError: (error) => setRest(applyProblemToForm(form, error)),
      },
    );
  };

  return (
    <Drawer open onClose={onClose} title={t.editor.title(template.code, channelLabel)} size={760} destroyOnHidden>
      <Typography.Paragraph type="secondary">{template.description}</Typography.Paragraph>
      {isApiError(save.error, 'stale_version') ? (
        <Alert type="warning" showIcon role="alert" title={t.editor.stale} style={{ marginBottom: 16 }} />
      ) : (
        <ProblemAlert error={save.error} extraFields={rest} />
      )}
      <Form<Values>
        form={form}
        layout="vertical"
        initialValues={{ subject: template.subject ?? '', body: template.body }}
        onFinish={submit}
      >
        {isEmail ? (
          <Form.Item
            name="subject"
            label={t.templates.subject}
            rules={[{ required: true, whitespace: true, message: t.editor.subjectRequired }]}
          >
            <Input maxLength={300} />
          </Form.Item>
        ) : (
          <Typography.Paragraph type="secondary">{t.editor.smsNoSubject}</Typography.Paragraph>
        )}
        <Form.Item
          name="body"
          label={t.templates.body}
          rules={[{ required: true, whitespace: true, message: t.editor.bodyRequired }]}
          extra={
            isEmail
              ? t.editor.length(body.length)
              : `${t.editor.length(body.length)} · ${t.editor.smsSegments(smsSegments(renderPreview(body)))}`
          }
        >
          <Input.TextArea autoSize={{ minRows: isEmail ? 8 : 3, maxRows: 20 }} maxLength={10_000} />
        </Form.Item>
        <div style={{ marginBottom: 16 }}>
          <Typography.Text strong id="placeholders-label">
            {t.editor.placeholders}
          </Typography.Text>
          <Typography.Paragraph type="secondary" style={{ margin: '4px 0 8px' }}>
            {t.editor.placeholdersHelp}
          </Typography.Paragraph>
          <Space wrap aria-labelledby="placeholders-label" role="group">
            {template.variables.map((v) => {
              const required = template.requiredVariables.includes(v);
              return (
                <Button key={v} size="small" onClick={() => insert(v)} title={required ? t.editor.required : undefined}>
                  {`{{${v}}}`}
                  {required ? ' *' : ''}
                </Button>
              );
            })}
          </Space>
        </div>
        {check.unknown.length > 0 ? (
          <Alert type="error" showIcon title={t.editor.unknown(list(check.unknown))} style={{ marginBottom: 8 }} />
        ) : null}
        {check.missing.length > 0 ? (
          <Alert type="error" showIcon title={t.editor.missing(list(check.missing))} style={{ marginBottom: 8 }} />
        ) : null}
        <Card size="small" title={t.editor.preview} style={{ marginBottom: 16 }}>
          {isEmail ? (
            <Typography.Paragraph strong style={{ marginBottom: 8 }}>
              {renderPreview(subject)}
            </Typography.Paragraph>
          ) : null}
          <Typography.Paragraph style={{ whiteSpace: 'pre-wrap', marginBottom: 8 }}>
            {renderPreview(body)}
          </Typography.Paragraph>
          <Typography.Text type="secondary">
            <small>{t.editor.previewNote}</small>
          </Typography.Text>
        </Card>
        <Space>
          <Button
            type="primary"
            htmlType="submit"
            loading={save.isPending}
            disabled={check.unknown.length > 0 || check.missing.length > 0}
          >
            {t.editor.save}
          </Button>
          <Button onClick={onClose}>{all.app.cancel}</Button>
          <Tag>{`v${template.version}`}</Tag>
        </Space>
      </Form>
    </Drawer>
  );
}
