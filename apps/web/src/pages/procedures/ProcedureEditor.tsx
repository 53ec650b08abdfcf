import { Button, Card, Form, Space, Tabs, type TabsProps } from 'antd';
import { useState, type ReactNode } from 'react';
import type { ProcedureInput } from '../../api/procedures';
import { applyProblemToForm, type FieldProblem, isApiError } from '../../api/problem';
import { ProblemAlert } from '../../components/ProblemAlert';
import { useT } from '../../i18n';
import { FeesSection } from './FeesSection';
import { FormSchemaEditor } from './FormSchemaEditor';
import { GeneralSection } from './GeneralSection';
import { ComponentsSection, LegalSection, WorkflowSection } from './ListSections';
import { toInput, type ProcedureFormValues } from './procedure-form';

/**
 * The whole procedure in tabs (every tab rendered, so that the form holds every field). Read-only users get the
 * same screen disabled, without save. A failed save keeps what the user typed: the form is never reset on error.
 */
export function ProcedureEditor({
  initial,
  canEdit,
  saving,
  onSave,
  extraTabs = [],
  actions,
  staleAlert,
}: {
  initial: ProcedureFormValues;
  canEdit: boolean;
  saving: boolean;
  onSave: (input: ProcedureInput) => Promise<unknown>;
  extraTabs?: NonNullable<TabsProps['items']>;
  actions?: ReactNode;
  /** Shown instead of the generic error when the save hit a 409 (stale version). */
  staleAlert?: ReactNode;
}) {
  const t = useT().procedures;
  const [form] = Form.useForm<ProcedureFormValues>();
  const [error, setError] = useState<unknown>(null);
  const [extra, setExtra] = useState<FieldProblem[]>([]);
  const submit = async () => {
    setError(null);
    setExtra([]);
    try {
      await onSave(toInput(form.getFieldsValue(true) as ProcedureFormValues));
    } catch (e) {
      setError(e);
      setExtra(applyProblemToForm(form, e));
    }
  };
  const tabs: NonNullable<TabsProps['items']> = [
    { key: 'general', label: t.tabs.general, children: <GeneralSection />, forceRender: true },
    { key: 'components', label: t.tabs.components, children: <ComponentsSection />, forceRender: true },
    { key: 'fees', label: t.tabs.fees, children: <FeesSection />, forceRender: true },
    { key: 'workflow', label: t.tabs.workflow, children: <WorkflowSection />, forceRender: true },
    { key: 'form', label: t.tabs.form, children: <FormSchemaEditor />, forceRender: true },
    { key: 'legal', label: t.tabs.legal, children: <LegalSection />, forceRender: true },
    ...extraTabs,
  ];
  const stale = isApiError(error, 'stale_version');
  return (
    <Card>
      {stale ? staleAlert : <ProblemAlert error={error} extraFields={extra} />}
      <Form<ProcedureFormValues>
        form={form}
        name="procedure"
        layout="vertical"
        initialValues={initial}
        disabled={!canEdit}
        onFinish={() => void submit()}
        scrollToFirstError
      >
        <Tabs items={tabs} />
        <Space wrap style={{ marginTop: 16 }}>
          {canEdit ? (
            <Button type="primary" htmlType="submit" loading={saving}>
              {t.save}
            </Button>
          ) : null}
          {actions}
        </Space>
      </Form>
    </Card>
  );
}
