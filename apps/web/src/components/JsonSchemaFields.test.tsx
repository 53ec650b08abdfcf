import { act, fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { Button, Form, type FormInstance } from 'antd';
import dayjs from 'dayjs';
import { createRef } from 'react';
import { describe, expect, it } from 'vitest';
import { JsonSchemaFields, jsonSchemaValues, type FormSchemaLike } from './JsonSchemaFields';

/** A small e-form in the shape of data/procedures/thu-tuc.json (sections, Vietnamese titles, x-ui hints). */
const SCHEMA: FormSchemaLike = {
  required: ['nguoiYeuCau', 'nguoiDuocKhaiSinh'],
  properties: {
    // Listed first but ordered last by x-ui.order.
    ghiChu: { type: 'string', title: 'Ghi chú', maxLength: 500, 'x-ui': { widget: 'textarea' } },
    nguoiYeuCau: {
      type: 'object',
      title: 'Người yêu cầu',
      required: ['hoTen'],
      properties: {
        hoTen: { type: 'string', title: 'Họ, chữ đệm, tên người yêu cầu', minLength: 1, maxLength: 100 },
        soDinhDanh: {
          type: 'string',
          title: 'Số định danh cá nhân',
          pattern: '^[0-9]{12}$',
          'x-ui': { help: '12 chữ số, in trên thẻ Căn cước.' },
        },
      },
    },
    nguoiDuocKhaiSinh: {
      type: 'object',
      title: 'Người được khai sinh',
      required: ['ngaySinh', 'gioiTinh'],
      properties: {
        gioiTinh: {
          type: 'string',
          title: 'Giới tính',
          enum: ['nam', 'nu'],
          'x-ui': { enumLabels: ['Nam', 'Nữ'] },
        },
        ngaySinh: { type: 'string', title: 'Ngày, tháng, năm sinh', format: 'date' },
        soConThu: { type: 'integer', title: 'Là con thứ mấy', minimum: 1, maximum: 30 },
        canNang: { type: 'number', title: 'Cân nặng (kg)' },
        sinhDoi: { type: 'boolean', title: 'Sinh đôi' },
      },
      'x-ui': { order: ['ngaySinh', 'gioiTinh'] },
    },
    me: {
      type: 'object',
      title: 'Thông tin người mẹ',
      required: ['hoTen'],
      properties: { hoTen: { type: 'string', title: 'Họ, chữ đệm, tên mẹ' }, namSinh: { type: 'integer' } },
    },
  },
  'x-ui': { order: ['nguoiYeuCau', 'nguoiDuocKhaiSinh', 'me', 'ghiChu'] },
};

const required = (label: string) => `Cần nhập ${label}.`;
const pattern = (label: string) => `${label} chưa đúng định dạng.`;

function renderForm(schema: FormSchemaLike = SCHEMA) {
  const ref = createRef<FormInstance>();
  let submitted: Record<string, unknown> | null = null;
  render(
    <Form ref={ref} layout="vertical" onFinish={(v: Record<string, unknown>) => (submitted = v)}>
      <JsonSchemaFields
        schema={schema}
        name="formData"
        requiredMessage={required}
        patternMessage={pattern}
        optionalSection="Không bắt buộc."
      />
      <Button htmlType="submit">Gửi</Button>
    </Form>,
  );
  return { ref, submitted: () => submitted };
}

/** The label element of a field (antd puts the required mark class on it). */
const labelOf = (text: string) => {
  const label = screen.getByText(text, { selector: 'label' });
  return label;
};

describe('JsonSchemaFields', () => {
  it('renders each type with its Vietnamese label: text, textarea, number, integer, date, boolean, enum', () => {
    renderForm();
    expect(screen.getByLabelText('Họ, chữ đệm, tên người yêu cầu').tagName).toBe('INPUT');
    expect(screen.getByLabelText('Ghi chú').tagName).toBe('TEXTAREA');
    expect(screen.getByLabelText('Là con thứ mấy').getAttribute('role')).toBe('spinbutton');
    expect(screen.getByLabelText('Cân nặng (kg)').getAttribute('role')).toBe('spinbutton');
    // The date picker's input, with the Vietnamese day-month-year format.
    expect(screen.getByLabelText('Ngày, tháng, năm sinh').closest('.ant-picker')).not.toBeNull();
    expect(screen.getByRole('checkbox', { name: 'Sinh đôi' })).toBeTruthy();
    expect(screen.getByRole('combobox', { name: 'Giới tính' })).toBeTruthy();
    // No title: the key is the label.
    expect(screen.getByLabelText('namSinh')).toBeTruthy();
    // Help text of x-ui.help.
    expect(screen.getByText('12 chữ số, in trên thẻ Căn cước.')).toBeTruthy();
  });

  it('groups nested objects as titled sections in the x-ui order, fields in their own order', () => {
    renderForm();
    const legends = Array.from(document.querySelectorAll('legend')).map((l) => l.textContent);
    expect(legends).toEqual(['Người yêu cầu', 'Người được khai sinh', 'Thông tin người mẹ']);
    const child = screen.getByTestId('section-nguoiDuocKhaiSinh');
    const labels = Array.from(child.querySelectorAll('label')).map((l) => l.textContent);
    expect(labels.slice(0, 2)).toEqual(['Ngày, tháng, năm sinh', 'Giới tính']);
    // The optional section says so; the top-level field comes after the sections.
    expect(within(screen.getByTestId('section-me')).getByText('Không bắt buộc.')).toBeTruthy();
    const all = Array.from(document.querySelectorAll('label')).map((l) => l.textContent);
    expect(all.indexOf('Ghi chú')).toBeGreaterThan(all.indexOf('Họ, chữ đệm, tên mẹ'));
  });

  it('marks as required exactly the fields required in required sections', () => {
    renderForm();
    const isRequired = (text: string) => labelOf(text).classList.contains('ant-form-item-required');
    expect(isRequired('Họ, chữ đệm, tên người yêu cầu')).toBe(true);
    expect(isRequired('Ngày, tháng, năm sinh')).toBe(true);
    expect(isRequired('Giới tính')).toBe(true);
    expect(isRequired('Số định danh cá nhân')).toBe(false);
    expect(isRequired('Là con thứ mấy')).toBe(false);
    // Required inside an optional section: only once the section is started (checked on submit below).
    expect(isRequired('Họ, chữ đệm, tên mẹ')).toBe(false);
  });

  it('offers the enum values with their labels', async () => {
    renderForm();
    fireEvent.mouseDown(screen.getByRole('combobox', { name: 'Giới tính' }));
    await waitFor(() => expect(screen.getAllByRole('option').length).toBe(2));
    expect(document.querySelector('.ant-select-dropdown')?.textContent).toContain('Nam');
    expect(document.querySelector('.ant-select-dropdown')?.textContent).toContain('Nữ');
  });

  it('refuses a submit with missing required fields and a wrong pattern, in Vietnamese', async () => {
    const { submitted } = renderForm();
    fireEvent.change(screen.getByLabelText('Số định danh cá nhân'), { target: { value: '12345' } });
    fireEvent.click(screen.getByRole('button', { name: 'Gửi' }));
    expect(await screen.findByText('Cần nhập Họ, chữ đệm, tên người yêu cầu.')).toBeTruthy();
    expect(screen.getByText('Cần nhập Ngày, tháng, năm sinh.')).toBeTruthy();
    expect(screen.getByText('Số định danh cá nhân chưa đúng định dạng.')).toBeTruthy();
    // The untouched optional section adds no error.
    expect(screen.queryByText('Cần nhập Họ, chữ đệm, tên mẹ.')).toBeNull();
    expect(submitted()).toBeNull();
  });

  it('requires the fields of an optional section once it is started', async () => {
    const { ref, submitted } = renderForm();
    act(() =>
      ref.current?.setFieldsValue({
        formData: {
          nguoiYeuCau: { hoTen: 'Nguyễn Thị Hoa' },
          nguoiDuocKhaiSinh: { ngaySinh: dayjs('2026-10-02'), gioiTinh: 'nu' },
          me: { namSinh: 1995 },
        },
      }),
    );
    fireEvent.click(screen.getByRole('button', { name: 'Gửi' }));
    expect(await screen.findByText('Cần nhập Họ, chữ đệm, tên mẹ.')).toBeTruthy();
    expect(submitted()).toBeNull();
    fireEvent.change(screen.getByLabelText('Họ, chữ đệm, tên mẹ'), { target: { value: 'Nguyễn Thị Hoa' } });
    fireEvent.click(screen.getByRole('button', { name: 'Gửi' }));
    await waitFor(() => expect(submitted()).not.toBeNull());
  });
});

describe('jsonSchemaValues', () => {
  it('sends dates as YYYY-MM-DD, trims text, drops empty values and empty sections', () => {
    const values = {
      nguoiYeuCau: { hoTen: '  Nguyễn Thị Hoa ', soDinhDanh: '' },
      nguoiDuocKhaiSinh: { ngaySinh: dayjs('2026-10-02T00:00:00'), gioiTinh: 'nu', soConThu: 2, sinhDoi: false },
      me: { hoTen: undefined, namSinh: null },
      ghiChu: '   ',
    };
    expect(jsonSchemaValues(SCHEMA, values)).toEqual({
      nguoiYeuCau: { hoTen: 'Nguyễn Thị Hoa' },
      nguoiDuocKhaiSinh: { ngaySinh: '2026-10-02', gioiTinh: 'nu', soConThu: 2, sinhDoi: false },
    });
  });
});
