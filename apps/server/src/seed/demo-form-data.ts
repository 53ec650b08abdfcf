/**
 * Filled-in e-forms (tờ khai điện tử) for the procedures of data/procedures/thu-tuc.json that have a `formSchema`:
 * the demo dossiers carry them, and procedure-forms.test.ts checks that each one passes its form. Procedures
 * without an entry here have no e-form (formData {}).
 */

export interface DemoApplicant {
  name: string;
  idNumber?: string | null;
  phone?: string | null;
  address?: string | null;
}

const PHONE = '0912345678';

function requester(a: DemoApplicant, extra: Record<string, unknown> = {}) {
  return {
    hoTen: a.name,
    ...(a.idNumber ? { soDinhDanh: a.idNumber } : {}),
    ...(a.address ? { noiCuTru: a.address } : {}),
    soDienThoai: a.phone ?? PHONE,
    ...extra,
  };
}

const FORMS: Record<string, (a: DemoApplicant) => Record<string, unknown>> = {
  // Đăng ký khai sinh
  '1.001193': (a) => ({
    nguoiYeuCau: requester(a, { quanHe: 'me' }),
    nguoiDuocKhaiSinh: {
      hoTen: 'Trần Minh An',
      ngaySinh: '2026-10-02',
      gioiTinh: 'nam',
      danToc: 'Kinh',
      quocTich: 'Việt Nam',
      noiSinh: 'Bệnh viện Đa khoa tỉnh Quảng Trị, phường Đông Hà, tỉnh Quảng Trị',
      queQuan: 'Xã Vĩnh Linh, tỉnh Quảng Trị',
    },
    me: { hoTen: a.name, namSinh: 1995, danToc: 'Kinh', quocTich: 'Việt Nam' },
    deNghi: { soBanSao: 1 },
  }),
  // Đăng ký kết hôn
  '1.000894': (a) => ({
    benNu: {
      hoTen: 'Lê Thị Hồng',
      ngaySinh: '1998-04-12',
      danToc: 'Kinh',
      quocTich: 'Việt Nam',
      soDinhDanh: '045198001234',
      ketHonLanThu: 1,
    },
    benNam: {
      hoTen: a.name,
      ngaySinh: '1996-09-30',
      danToc: 'Kinh',
      quocTich: 'Việt Nam',
      ...(a.idNumber ? { soDinhDanh: a.idNumber } : {}),
      ketHonLanThu: 1,
    },
  }),
  // Đăng ký khai tử
  '1.000656': (a) => ({
    nguoiYeuCau: requester(a, { quanHe: 'Con' }),
    nguoiDaChet: {
      hoTen: 'Nguyễn Văn Lộc',
      ngaySinh: '1940-02-01',
      gioiTinh: 'nam',
      noiCuTruCuoiCung: 'Thôn Tây, xã Vĩnh Linh, tỉnh Quảng Trị',
    },
    viecChet: {
      ngayChet: '2026-11-20',
      gioChet: '05:30',
      noiChet: 'Tại nhà, thôn Tây, xã Vĩnh Linh, tỉnh Quảng Trị',
      loaiGiayBaoTu: 'giay_bao_tu',
      soGiayBaoTu: '12/GBT',
    },
  }),
  // Cấp Giấy xác nhận tình trạng hôn nhân
  '1.004873': (a) => ({
    nguoiYeuCau: requester(a),
    nguoiDuocXacNhan: {
      hoTen: a.name,
      ngaySinh: '1994-06-15',
      gioiTinh: 'nu',
      quocTich: 'Việt Nam',
      noiCuTru: a.address ?? 'Phường Đồng Hới, tỉnh Quảng Trị',
    },
    tinhTrangHonNhan: {
      tinhTrang: 'chua_dang_ky_ket_hon',
      mucDich: 'Để bổ sung hồ sơ vay vốn tại ngân hàng',
      soLuong: 1,
    },
  }),
  // Cấp bản sao Trích lục hộ tịch
  '2.000635': (a) => ({
    nguoiYeuCau: requester(a),
    viecHoTich: { loaiViec: 'khai_sinh', hoTen: a.name, noiDangKy: 'UBND phường Đồng Hới, tỉnh Quảng Trị' },
    deNghi: { soBanSao: 2 },
  }),
  // Chứng thực bản sao từ bản chính
  '2.000815': (a) => ({
    nguoiYeuCau: { hoTen: a.name, ...(a.idNumber ? { soDinhDanh: a.idNumber } : {}) },
    giayTo: {
      tenGiayTo: 'Bằng tốt nghiệp trung học phổ thông',
      coQuanCap: 'Sở Giáo dục và Đào tạo tỉnh Quảng Trị',
      soTrang: 1,
      soBanSao: 3,
    },
  }),
  // Đăng ký thành lập doanh nghiệp tư nhân
  '2.001610': (a) => ({
    doanhNghiep: {
      tenTiengViet: 'Doanh nghiệp tư nhân Thương mại Hải Lăng',
      diaChiTruSo: 'Số 12 đường Lê Duẩn, phường Đông Hà, tỉnh Quảng Trị',
      soDienThoai: a.phone ?? PHONE,
      nganhNghe: '4711 Bán lẻ lương thực, thực phẩm trong cửa hàng kinh doanh tổng hợp (ngành chính)',
      vonDauTu: 500_000_000,
    },
    chuDoanhNghiep: {
      hoTen: a.name,
      ngaySinh: '1985-03-08',
      gioiTinh: 'nam',
      quocTich: 'Việt Nam',
      ...(a.idNumber ? { soDinhDanh: a.idNumber } : {}),
      diaChiLienLac: a.address ?? 'Phường Đông Hà, tỉnh Quảng Trị',
    },
  }),
  // Cấp Phiếu lý lịch tư pháp
  '3.000333': (a) => ({
    nguoiYeuCau: {
      hoTen: a.name,
      gioiTinh: 'nam',
      ngaySinh: '1990-01-20',
      noiSinh: 'Xã Vĩnh Linh, tỉnh Quảng Trị',
      quocTich: 'Việt Nam',
      ...(a.idNumber ? { soDinhDanh: a.idNumber } : {}),
    },
    quaTrinhCuTru: { moTa: '01/2004 – nay: thường trú tại xã Vĩnh Linh, tỉnh Quảng Trị; làm nông' },
    yeuCau: { loaiPhieu: 'so_1', mucDich: 'Bổ sung hồ sơ xin việc', soLuong: 2 },
  }),
};

/** Procedure codes that have a demo e-form. */
export const DEMO_FORM_CODES = Object.keys(FORMS);

/** A valid filled-in e-form for the procedure (from the applicant's name, ID number, phone, address), or {}. */
export function demoFormData(procedureCode: string, applicant: DemoApplicant): Record<string, unknown> {
  return FORMS[procedureCode]?.(applicant) ?? {};
}
