import { App, Button } from 'antd';
import { Link, useNavigate } from 'react-router';
import { useCreateProcedure } from '../../api/procedures';
import { PageTitle } from '../../components/PageTitle';
import { useT } from '../../i18n';
import NotFoundLike from './ReadOnlyRedirect';
import { ProcedureEditor } from './ProcedureEditor';
import { toFormValues } from './procedure-form';
import { useCanManageCatalogue } from './use-can-manage';

export function ProcedureNewPage() {
  const t = useT().procedures;
  const { message } = App.useApp();
  const navigate = useNavigate();
  const create = useCreateProcedure();
  const canManage = useCanManageCatalogue();
  if (!canManage) return <NotFoundLike />;
  return (
    <>
      <PageTitle
        title={t.newTitle}
        extra={
          <Link to="..">
            <Button>{t.backToList}</Button>
          </Link>
        }
      />
      <ProcedureEditor
        initial={toFormValues(null)}
        canEdit
        saving={create.isPending}
        onSave={async (input) => {
          const p = await create.mutateAsync(input);
          void message.success(t.created);
          await navigate(`../${p.id}`, { relative: 'path' });
        }}
      />
    </>
  );
}
