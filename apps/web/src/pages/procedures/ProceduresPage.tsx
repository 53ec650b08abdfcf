import { Route, Routes } from 'react-router';
import { ProcedureDetailPage } from './ProcedureDetailPage';
import { ProcedureListPage } from './ProcedureListPage';
import { ProcedureNewPage } from './ProcedureNewPage';

/** /app/thu-tuc/*: the procedure catalogue (list, new, one procedure). */
export function ProceduresPage() {
  return (
    <Routes>
      <Route index element={<ProcedureListPage />} />
      <Route path="moi" element={<ProcedureNewPage />} />
      <Route path=":id" element={<ProcedureDetailPage />} />
    </Routes>
  );
}
