import { Button, Checkbox, Form, InputNumber, Select, Space, Table, Typography } from 'antd';
import type { ProcedureComponent, ReceivedComponent } from '../../api/dossiers';
import { FilePickButton } from '../../components/FilePickButton';
import { useT } from '../../i18n';

export interface ChecklistRow extends ReceivedComponent {
  required: boolean;
  condition: string | null;
}

/** A catalogue component → the line the officer ticks at the counter (original/copy as the catalogue says). */
export function checklistFrom(components: ProcedureComponent[]): ChecklistRow[] {
  return components.map((c) => ({
    name: c.name,
    copies: Math.max(c.originals + c.copies, 1),
    form: c.form === 'ban_sao' ? 'copy' : c.form === 'thong_tin' ? 'electronic' : 'original',
    received: c.required,
    required: c.required,
    condition: c.condition,
  }));
}

const FORMS = ['original', 'certified_copy', 'copy', 'electronic'] as const;

/**
 * The components checklist of the reception form (Form.List "components"): received, copies,
 * original/copy, and a scan per component (kept in `files`, uploaded once the dossier has its code).
 */
export function ComponentChecklist({
  rows,
  files,
  onFile,
}: {
  rows: ChecklistRow[];
  files: Record<number, File | undefined>;
  onFile: (index: number, file: File | undefined) => void;
}) {
  const t = useT();
  const td = t.dossiers;
  return (
    <Form.List name="components">
      {(fields) => (
        <Table
          size="small"
          pagination={false}
          rowKey="key"
          dataSource={fields}
          scroll={{ x: true }}
          columns={[
            {
              title: td.received,
              width: 70,
              render: (_v, field) => {
                const row = rows[field.name];
                return (
                  <Form.Item name={[field.name, 'received']} valuePropName="checked" noStyle>
                    <Checkbox aria-label={td.receivedFor(row?.name ?? '')} />
                  </Form.Item>
                );
              },
            },
            {
              title: td.componentName,
              render: (_v, field) => {
                const row = rows[field.name];
                return (
                  <>
                    <div>
                      {row?.name}
                      {row?.required ? <Typography.Text type="danger"> ({td.requiredMark})</Typography.Text> : null}
                    </div>
                    {row?.condition ? <Typography.Text type="secondary">{row.condition}</Typography.Text> : null}
                  </>
                );
              },
            },
            {
              title: td.copies,
              width: 90,
              render: (_v, field) => (
                <Form.Item name={[field.name, 'copies']} noStyle>
                  <InputNumber
                    min={0}
                    max={100}
                    precision={0}
                    style={{ width: 70 }}
                    aria-label={td.copiesFor(rows[field.name]?.name ?? '')}
                  />
                </Form.Item>
              ),
            },
            {
              title: td.componentForm,
              width: 170,
              render: (_v, field) => (
                <Form.Item name={[field.name, 'form']} noStyle>
                  <Select
                    style={{ width: 160 }}
                    aria-label={td.formFor(rows[field.name]?.name ?? '')}
                    options={FORMS.map((f) => ({ value: f, label: td.forms[f] }))}
                  />
                </Form.Item>
              ),
            },
            {
              title: td.scan,
              width: 220,
              render: (_v, field) => {
                const file = files[field.name];
                const name = rows[field.name]?.name ?? '';
                return (
                  <Space size={4} wrap>
                    <FilePickButton
                      size="small"
                      ariaLabel={td.fileFor(name)}
                      testId={`component-file-${field.name}`}
                      onFiles={([f]) => onFile(field.name, f)}
                    >
                      {td.chooseFile}
                    </FilePickButton>
                    {file ? (
                      <Typography.Text ellipsis style={{ maxWidth: 140 }} title={file.name}>
                        {file.name}
                      </Typography.Text>
                    ) : null}
                    {file ? (
                      <Button size="small" type="text" onClick={() => onFile(field.name, undefined)}>
                        {t.app.cancel}
                      </Button>
                    ) : null}
                  </Space>
                );
              },
            },
          ]}
        />
      )}
    </Form.List>
  );
}
