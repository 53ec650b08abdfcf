import { EditOutlined } from '@ant-design/icons';
import { Button, Card, Form, Select, Table, Typography } from 'antd';
import dayjs from 'dayjs';
import { useState } from 'react';
import { useHolidays } from '../api/calendar';
import type { Holidays, HolidayKind } from '../api/types';
import { useCan } from '../auth/me-context';
import { PageTitle } from '../components/PageTitle';
import { ProblemAlert } from '../components/ProblemAlert';
import { useT } from '../i18n';
import { CalendarYearEditor } from './calendar/CalendarYearEditor';
import { StatusTag, type TagTone } from '../components/StatusTag';

const KIND_COLOR: Record<HolidayKind, TagTone> = {
  holiday: 'red',
  compensatory: 'orange',
  bridge: 'gold',
  workday: 'blue',
};

type Day = Holidays['days'][number];

export function CalendarPage() {
  const t = useT();
  const canManage = useCan('calendar.manage');
  const thisYear = dayjs().year();
  const [year, setYear] = useState(thisYear);
  const [editing, setEditing] = useState(false);
  const holidays = useHolidays(year);
  const years = [...new Set([2025, 2026, 2027, thisYear - 1, thisYear, thisYear + 1])].sort();

  return (
    <>
      <PageTitle
        title={t.calendar.title}
        extra={
          canManage ? (
            <Button icon={<EditOutlined aria-hidden="true" />} onClick={() => setEditing(true)}>
              {t.calendar.edit(year)}
            </Button>
          ) : null
        }
      />
      <Typography.Paragraph>{t.calendar.help}</Typography.Paragraph>
      <Card>
        <Form layout="inline" name="calendar-year" requiredMark={false} style={{ marginBottom: 16 }}>
          <Form.Item label={t.calendar.year} htmlFor="calendar-year-select">
            <Select
              id="calendar-year-select"
              value={year}
              onChange={setYear}
              style={{ width: 120 }}
              options={years.map((y) => ({ value: y, label: String(y) }))}
            />
          </Form.Item>
          {holidays.data?.source ? (
            <Typography.Text type="secondary" style={{ alignSelf: 'center' }}>
              {t.calendar.source}: {holidays.data.source}
            </Typography.Text>
          ) : null}
        </Form>
        <ProblemAlert error={holidays.error} />
        <Table<Day>
          rowKey={(d) => `${d.date}-${d.kind}`}
          size="small"
          loading={holidays.isPending}
          dataSource={holidays.data?.days ?? []}
          pagination={false}
          locale={{ emptyText: t.calendar.empty }}
          columns={[
            { title: t.calendar.date, dataIndex: 'date', render: (d: string) => dayjs(d).format('DD/MM/YYYY') },
            {
              title: t.calendar.weekday,
              dataIndex: 'date',
              key: 'weekday',
              render: (d: string) => {
                const weekday = dayjs(d).format('dddd');
                return weekday.charAt(0).toUpperCase() + weekday.slice(1);
              },
            },
            { title: t.calendar.name, dataIndex: 'name' },
            {
              title: t.calendar.kind,
              dataIndex: 'kind',
              render: (k: HolidayKind) => <StatusTag tone={KIND_COLOR[k]}>{t.calendar.kinds[k]}</StatusTag>,
            },
          ]}
        />
      </Card>
      {canManage ? <CalendarYearEditor year={year} open={editing} onClose={() => setEditing(false)} /> : null}
    </>
  );
}
