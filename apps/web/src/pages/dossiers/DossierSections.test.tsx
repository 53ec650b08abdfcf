import { render, screen } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import type { DossierDetail, ProcedureView } from '../../api/dossiers';
import { FormDataView } from './DossierSections';

const procedure = {
  formSchema: {
    type: 'object',
    properties: {
      ghiChu: { type: 'string', title: 'Ghi chú' },
      nguoiDuocKhaiSinh: {
        type: 'object',
        title: 'Người được khai sinh',
        properties: {
          hoTen: { type: 'string', title: 'Họ, chữ đệm, tên' },
          gioiTinh: { type: 'string', title: 'Giới tính', enum: ['nam', 'nu'], 'x-ui': { enumLabels: ['Nam', 'Nữ'] } },
          ngaySinh: { type: 'string', title: 'Ngày, tháng, năm sinh', format: 'date' },
        },
        'x-ui': { order: ['hoTen', 'ngaySinh', 'gioiTinh'] },
      },
    },
    'x-ui': { order: ['nguoiDuocKhaiSinh', 'ghiChu'] },
  },
} as unknown as ProcedureView;

describe('FormDataView', () => {
  it('shows nested sections field by field, in the form’s order, with labels and choice names', () => {
    const dossier = {
      formData: {
        ghiChu: 'Khai sinh đúng hạn',
        nguoiDuocKhaiSinh: { gioiTinh: 'nu', ngaySinh: '2026-10-02', hoTen: 'Trần Minh An' },
      },
    } as unknown as DossierDetail;
    render(<FormDataView dossier={dossier} procedure={procedure} />);
    const labels = Array.from(document.querySelectorAll('th.ant-descriptions-item-label')).map((l) => l.textContent);
    expect(labels).toEqual([
      'Người được khai sinh › Họ, chữ đệm, tên',
      'Người được khai sinh › Ngày, tháng, năm sinh',
      'Người được khai sinh › Giới tính',
      'Ghi chú',
    ]);
    expect(screen.getByText('Nữ')).toBeTruthy();
    expect(screen.getByText('02/10/2026')).toBeTruthy();
    expect(screen.queryByText(/\{/)).toBeNull();
  });
});
