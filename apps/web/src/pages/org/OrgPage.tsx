import { Col, Row } from 'antd';
import { useState } from 'react';
import { PageTitle } from '../../components/PageTitle';
import { useT } from '../../i18n';
import { AgencyDetail } from './AgencyDetail';
import { AgencyTree } from './AgencyTree';
import { UnitLookup } from './UnitLookup';
import { UnitResolve } from './UnitResolve';

export function OrgPage() {
  const t = useT();
  const [selected, setSelected] = useState<string | null>(null);
  return (
    <>
      <PageTitle title={t.org.title} />
      <Row gutter={[16, 16]}>
        <Col xs={24} lg={10}>
          <AgencyTree selected={selected} onSelect={setSelected} />
        </Col>
        <Col xs={24} lg={14}>
          <AgencyDetail agencyId={selected} />
        </Col>
        <Col xs={24} xl={14}>
          <UnitLookup />
        </Col>
        <Col xs={24} xl={10}>
          <UnitResolve />
        </Col>
      </Row>
    </>
  );
}
