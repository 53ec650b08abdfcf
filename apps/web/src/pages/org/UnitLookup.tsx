import { Button, Card, DatePicker, Form, Input, Select, Space, Table } from 'antd';
import type { Dayjs } from 'dayjs';
import { useState } from 'react';
import { useUnits, type UnitQuery } from '../../api/org';
import type { Unit, UnitLevel } from '../../api/types';
import { ProblemAlert } from '../../components/ProblemAlert';
import { formatDate } from '../../format';
import { useT } from '../../i18n';

interface Values {
  q?: string;
  level?: UnitLevel;
  asOf?: Dayjs | null;
}

/** Search the administrative unit list (current or at a past date). */
export function UnitLookup() {
  const t = useT();
  const [query, setQuery] = useState<UnitQuery | null>(null);
  const units = useUnits(query);
  const levels: UnitLevel[] = ['province', 'commune', 'district'];
  return (
    <Card title={<h2 style={{ fontSize: 16, margin: 0 }}>{t.org.unitsTitle}</h2>}>
      <Form<Values>
        name="unit-lookup"
        requiredMark={false}
        layout="inline"
        style={{ rowGap: 8, marginBottom: 12 }}
        onFinish={(v) =>
          setQuery({
            ...(v.q?.trim() ? { q: v.q.trim() } : {}),
            ...(v.level ? { level: v.level } : {}),
            ...(v.asOf ? { asOf: v.asOf.format('YYYY-MM-DD') } : {}),
          })
        }
      >
        <Form.Item label={t.org.unitsQuery} name="q">
          <Input allowClear style={{ width: 200 }} />
        </Form.Item>
        <Form.Item label={t.org.unitsLevel} name="level">
          <Select
            allowClear
            style={{ width: 190 }}
            options={levels.map((l) => ({ value: l, label: t.org.level[l] }))}
          />
        </Form.Item>
        <Form.Item label={t.org.unitsAsOf} name="asOf">
          <DatePicker format="DD/MM/YYYY" />
        </Form.Item>
        <Space>
          <Button type="primary" htmlType="submit">
            {t.org.unitsSearch}
          </Button>
        </Space>
      </Form>
      <ProblemAlert error={units.error} />
      {query ? (
        <Table<Unit>
          rowKey={(u) => `${u.code}-${u.validFrom ?? ''}`}
          size="small"
          loading={units.isFetching}
          dataSource={units.data?.items ?? []}
          pagination={false}
          scroll={{ x: true, y: 360 }}
          columns={[
            { title: t.org.unitCode, dataIndex: 'code', width: 90 },
            { title: t.org.unitName, dataIndex: 'name' },
            { title: t.org.unitsLevel, dataIndex: 'level', render: (l: UnitLevel) => t.org.level[l] },
            { title: t.org.unitParent, dataIndex: 'parentCode', render: (c: string | null) => c ?? t.app.none },
            {
              title: t.org.validity,
              key: 'validity',
              render: (_, u) =>
                t.org.validFromTo(formatDate(u.validFrom), u.validTo ? formatDate(u.validTo) : t.org.stillValid),
            },
          ]}
        />
      ) : null}
    </Card>
  );
}
