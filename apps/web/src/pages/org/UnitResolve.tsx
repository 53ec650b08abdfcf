import { Button, Card, Descriptions, Form, Input, List, Typography } from 'antd';
import { useState } from 'react';
import { useUnitResolve } from '../../api/org';
import { ProblemAlert } from '../../components/ProblemAlert';
import { useT } from '../../i18n';

/** Old (pre-1/7/2025) commune code → the unit(s) it belongs to today. */
export function UnitResolve() {
  const t = useT();
  const [code, setCode] = useState<string | null>(null);
  const resolved = useUnitResolve(code);
  return (
    <Card title={<h2 style={{ fontSize: 16, margin: 0 }}>{t.org.resolveTitle}</h2>}>
      <Typography.Paragraph type="secondary">{t.org.resolveHelp}</Typography.Paragraph>
      <Form<{ code: string }>
        name="unit-resolve"
        layout="inline"
        style={{ rowGap: 8, marginBottom: 12 }}
        onFinish={(v) => setCode(v.code.trim())}
      >
        <Form.Item label={t.org.resolveCode} name="code" rules={[{ required: true, message: t.login.required }]}>
          <Input inputMode="numeric" style={{ width: 120 }} />
        </Form.Item>
        <Button type="primary" htmlType="submit" loading={resolved.isFetching}>
          {t.org.resolveSubmit}
        </Button>
      </Form>
      <ProblemAlert error={resolved.error} />
      {resolved.data ? (
        <>
          <Descriptions
            size="small"
            column={1}
            items={[
              {
                key: 'old',
                label: t.org.resolveOld,
                children: `${resolved.data.old.name} (${resolved.data.old.code})`,
              },
            ]}
          />
          <Typography.Text strong>{t.org.resolveCurrent}</Typography.Text>
          <List
            size="small"
            dataSource={resolved.data.current}
            renderItem={(u) => (
              <List.Item>
                {u.name} ({u.code})
              </List.Item>
            )}
          />
        </>
      ) : null}
    </Card>
  );
}
