import { DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import { App, Button, DatePicker, Drawer, Form, Input, Select, Space, Spin, Typography } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useEffect } from 'react';
import { useCalendarYear, useSaveCalendarYear } from '../../api/calendar';
import { applyProblemToForm, isApiError } from '../../api/problem';
import type { CalendarYear, CalendarYearPut } from '../../api/types';
import { ProblemAlert } from '../../components/ProblemAlert';
import { useT } from '../../i18n';

type DayOffKind = NonNullable<CalendarYearPut['daysOff'][number]['kind']>;
const DAY_OFF_KINDS: DayOffKind[] = ['holiday', 'compensatory', 'bridge'];

interface DayValue {
  date: Dayjs | null;
  name: string;
  kind?: DayOffKind;
}
interface Values {
  daysOff: DayValue[];
  workingDays: DayValue[];
  note?: string | null;
  source?: string | null;
}

const toForm = (y: CalendarYear): Values => ({
  daysOff: y.daysOff.map((d) => ({ date: dayjs(d.date), name: d.name, kind: d.kind })),
  workingDays: y.workingDays.map((d) => ({ date: dayjs(d.date), name: d.name })),
  note: y.note,
  source: y.source,
});
const blankToNull = (v: string | null | undefined) => (v?.trim() ? v.trim() : null);

/** Per-year schedule announced by the Ministry of Home Affairs; replaces the shipped one for that year. */
export function CalendarYearEditor({ year, open, onClose }: { year: number; open: boolean; onClose: () => void }) {
  const t = useT();
  const current = useCalendarYear(year, open);
  const save = useSaveCalendarYear(year);
  const { message } = App.useApp();
  const [form] = Form.useForm<Values>();
  const stale = isApiError(save.error, 'stale_version');

  useEffect(() => {
    if (current.data && open) form.setFieldsValue(toForm(current.data));
  }, [current.data, open, form]);

  const dayList = (name: 'daysOff' | 'workingDays', label: string) => (
    <fieldset style={{ border: '1px solid #e5e7eb', borderRadius: 6, padding: 12, marginBottom: 16 }}>
      <legend style={{ fontWeight: 600, fontSize: 14, width: 'auto', padding: '0 4px', margin: 0 }}>{label}</legend>
      <Form.List name={name}>
        {(fields, { add, remove }) => (
          <>
            {fields.map((field, index) => (
              <Space key={field.key} align="start" wrap>
                <Form.Item
                  name={[field.name, 'date']}
                  label={`${t.calendar.date} ${index + 1}`}
                  rules={[{ required: true, message: t.login.required }]}
                >
                  <DatePicker
                    format="DD/MM/YYYY"
                    disabledDate={(d) => d.year() !== year}
                    defaultPickerValue={dayjs(`${year}-01-01`)}
                  />
                </Form.Item>
                <Form.Item
                  name={[field.name, 'name']}
                  label={`${t.calendar.name} ${index + 1}`}
                  rules={[{ required: true, whitespace: true, message: t.login.required }]}
                >
                  <Input style={{ width: 220 }} maxLength={200} />
                </Form.Item>
                {name === 'daysOff' ? (
                  <Form.Item name={[field.name, 'kind']} label={`${t.calendar.kind} ${index + 1}`}>
                    <Select
                      style={{ width: 150 }}
                      options={DAY_OFF_KINDS.map((k) => ({ value: k, label: t.calendar.kinds[k] }))}
                    />
                  </Form.Item>
                ) : null}
                <Button
                  icon={<DeleteOutlined aria-hidden="true" />}
                  aria-label={`${t.calendar.removeDay} ${index + 1}`}
                  onClick={() => remove(field.name)}
                  style={{ marginTop: 30 }}
                />
              </Space>
            ))}
            <Button
              icon={<PlusOutlined aria-hidden="true" />}
              onClick={() =>
                add(name === 'daysOff' ? { date: null, name: '', kind: 'bridge' } : { date: null, name: '' })
              }
            >
              {t.calendar.addDay}
            </Button>
          </>
        )}
      </Form.List>
    </fieldset>
  );

  return (
    <Drawer open={open} onClose={onClose} size={760} title={t.calendar.edit(year)} destroyOnHidden>
      <Typography.Paragraph type="secondary">{t.calendar.editHelp}</Typography.Paragraph>
      <ProblemAlert
        error={current.error ?? save.error}
        action={
          stale ? (
            <Button
              size="small"
              onClick={() => {
                save.reset();
                void current.refetch();
              }}
            >
              {t.users.staleReload}
            </Button>
          ) : undefined
        }
      />
      {current.isPending ? (
        <Spin />
      ) : current.data ? (
        <Form<Values>
          form={form}
          name="calendar-year-edit"
          layout="vertical"
          initialValues={toForm(current.data)}
          onFinish={(v) =>
            save.mutate(
              {
                version: current.data.version,
                daysOff: (v.daysOff ?? [])
                  .filter((d) => d.date)
                  .map((d) => ({
                    date: d.date!.format('YYYY-MM-DD'),
                    name: d.name.trim(),
                    ...(d.kind ? { kind: d.kind } : {}),
                  })),
                workingDays: (v.workingDays ?? [])
                  .filter((d) => d.date)
                  .map((d) => ({ date: d.date!.format('YYYY-MM-DD'), name: d.name.trim() })),
                note: blankToNull(v.note),
                source: blankToNull(v.source),
              },
              {
                onSuccess: () => {
                  void message.success(t.calendar.saved);
                  onClose();
                },
                onError: (e) => applyProblemToForm(form, e),
              },
            )
          }
        >
          <Form.Item label={t.calendar.sourceLabel} name="source" extra={t.calendar.sourceHelp}>
            <Input maxLength={500} />
          </Form.Item>
          {dayList('daysOff', t.calendar.daysOff)}
          {dayList('workingDays', t.calendar.workingDays)}
          <Form.Item label={t.calendar.note} name="note">
            <Input.TextArea rows={3} maxLength={2000} />
          </Form.Item>
          <Space>
            <Button type="primary" htmlType="submit" loading={save.isPending} disabled={stale}>
              {t.app.save}
            </Button>
            <Button onClick={onClose}>{t.app.cancel}</Button>
          </Space>
        </Form>
      ) : null}
    </Drawer>
  );
}
