import { ArrowLeftOutlined } from '@ant-design/icons';
import { Button, Card, Col, Descriptions, Result, Row, Skeleton, Space, Typography } from 'antd';
import { Link, useParams } from 'react-router';
import { useControlSheet, useDossier, useDossierFiles, useProcedureByCode } from '../../api/dossiers';
import { ApiError } from '../../api/problem';
import { useMe } from '../../auth/me-context';
import { DeadlineTag, DossierStatusTag } from '../../components/DossierTags';
import { PageTitle } from '../../components/PageTitle';
import { ProblemAlert } from '../../components/ProblemAlert';
import { StatusTag } from '../../components/StatusTag';
import { formatDateTime } from '../../format';
import { useT } from '../../i18n';
import { paths } from '../../routes';
import { DossierActionButtons } from './DossierActions';
import { DossierPayments } from './DossierPayments';
import { DossierRating } from './DossierRating';
import { ComponentsTable, ResultsList } from './DossierFiles';
import { ControlSheetTable, EventsTimeline, FeesTable, FormDataView, PapersList } from './DossierSections';

const H2 = { fontSize: 16, margin: 0, fontWeight: 600 } as const;
const TERMINAL = new Set(['refused', 'returned', 'withdrawn', 'rejected', 'stopped']);

export function DossierPage() {
  const t = useT();
  const td = t.dossiers;
  const { code = '' } = useParams();
  const me = useMe();
  const dossier = useDossier(code);
  const files = useDossierFiles(code);
  const sheet = useControlSheet(code);
  const procedure = useProcedureByCode(dossier.data?.procedureCode);

  const back = (
    <Link to={paths.dossiers}>
      <ArrowLeftOutlined aria-hidden="true" /> {td.back}
    </Link>
  );
  if (dossier.isPending) {
    return (
      <>
        <PageTitle title={code} />
        <Skeleton active />
      </>
    );
  }
  if (dossier.error || !dossier.data) {
    const missing = dossier.error instanceof ApiError && (dossier.error.status === 404 || dossier.error.status === 403);
    return (
      <>
        <PageTitle title={code} />
        {missing ? <Result status="404" title={td.notFound} extra={back} /> : <ProblemAlert error={dossier.error} />}
      </>
    );
  }
  const d = dossier.data;
  const reload = () => {
    void dossier.refetch();
    void files.refetch();
    void sheet.refetch();
  };
  const deskHere = me.grants.some(
    (g) => g.roleCode === 'can_bo_mot_cua' && (g.agencyId === d.currentAgencyId || g.agencyId === d.receivingAgencyId),
  );

  return (
    <>
      <div style={{ marginBottom: 8 }}>{back}</div>
      <PageTitle
        title={`${td.code} ${d.code}`}
        extra={
          <Button onClick={reload} loading={dossier.isFetching}>
            {t.app.reload}
          </Button>
        }
      />
      <Card style={{ marginBottom: 16 }}>
        <Space direction="vertical" size={8} style={{ width: '100%' }}>
          <Typography.Text strong style={{ fontSize: 16 }}>
            {d.procedureName} <Typography.Text type="secondary">({d.procedureCode})</Typography.Text>
          </Typography.Text>
          <Space wrap size={8}>
            <DossierStatusTag status={d.status} label={d.statusLabel} />
            {!TERMINAL.has(d.status) ? <DeadlineTag deadline={d.deadlineStatus} /> : null}
            {d.extended ? <StatusTag tone="orange">{td.extended}</StatusTag> : null}
          </Space>
          <Descriptions
            size="small"
            column={{ xs: 1, sm: 2, lg: 3 }}
            items={[
              { key: 'received', label: td.receivedAt, children: formatDateTime(d.receivedAt) },
              { key: 'due', label: td.dueAt, children: formatDateTime(d.dueAt) },
              ...(d.extended
                ? [{ key: 'orig', label: td.originalDueAt, children: formatDateTime(d.originalDueAt) }]
                : []),
              ...(d.acceptBy ? [{ key: 'accept', label: td.acceptBy, children: formatDateTime(d.acceptBy) }] : []),
              { key: 'channel', label: td.channel, children: td.channels[d.channel] ?? d.channel },
              { key: 'step', label: td.step, children: d.step?.name ?? t.app.none },
            ]}
          />
        </Space>
      </Card>

      <Card title={<h2 style={H2}>{td.sectionActions}</h2>} style={{ marginBottom: 16 }}>
        <DossierActionButtons dossier={d} files={files.data} onReload={reload} />
      </Card>

      <Row gutter={16}>
        <Col xs={24} lg={12}>
          <Card title={<h2 style={H2}>{td.sectionApplicant}</h2>} style={{ marginBottom: 16 }}>
            <Descriptions
              size="small"
              column={1}
              items={[
                { key: 'name', label: td.name, children: d.applicant.name },
                { key: 'id', label: td.idNumber, children: d.applicant.idNumber ?? t.app.none },
                { key: 'phone', label: td.phone, children: d.applicant.phone ?? t.app.none },
                { key: 'email', label: td.email, children: d.applicant.email ?? t.app.none },
                { key: 'address', label: td.address, children: d.applicant.address ?? t.app.none },
              ]}
            />
          </Card>
        </Col>
        <Col xs={24} lg={12}>
          <Card title={<h2 style={H2}>{td.sectionForm}</h2>} style={{ marginBottom: 16 }}>
            <FormDataView dossier={d} procedure={procedure.data ?? null} />
          </Card>
        </Col>
      </Row>

      <Card title={<h2 style={H2}>{td.sectionComponents}</h2>} style={{ marginBottom: 16 }}>
        <ComponentsTable
          dossier={d}
          files={files.data}
          filesError={files.error}
          canUpload={deskHere && !TERMINAL.has(d.status)}
        />
      </Card>

      <Card title={<h2 style={H2}>{td.sectionResults}</h2>} style={{ marginBottom: 16 }}>
        <ResultsList code={d.code} files={files.data} />
      </Card>

      <Row gutter={16}>
        <Col xs={24} lg={12}>
          <Card title={<h2 style={H2}>{td.sectionTimeline}</h2>} style={{ marginBottom: 16 }}>
            <EventsTimeline events={d.events} />
          </Card>
        </Col>
        <Col xs={24} lg={12}>
          <Card title={<h2 style={H2}>{td.sectionPapers}</h2>} style={{ marginBottom: 16 }}>
            <PapersList dossier={d} />
          </Card>
          <Card title={<h2 style={H2}>{td.sectionFees}</h2>} style={{ marginBottom: 16 }}>
            <FeesTable procedure={procedure.data} error={procedure.error} />
            <div style={{ marginTop: 12 }}>
              <DossierPayments code={d.code} canCollect={deskHere} />
            </div>
          </Card>
          <Card title={<h2 style={H2}>{td.sectionRating}</h2>} style={{ marginBottom: 16 }}>
            <DossierRating rating={d.rating} />
          </Card>
        </Col>
      </Row>

      <Card title={<h2 style={H2}>{td.sectionControlSheet}</h2>} style={{ marginBottom: 16 }}>
        <ControlSheetTable rows={sheet.data} error={sheet.error} />
      </Card>
    </>
  );
}
