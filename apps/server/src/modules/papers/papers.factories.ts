import type {
  LedgerPeriod,
  LedgerRow,
  Mau01Data,
  Mau02Data,
  Mau03Data,
  Mau04Data,
  Mau05Data,
  Mau06Data,
  PaperBase,
} from './papers.types.js';

/** Sample inputs for the papers' tests (Vietnamese with every kind of diacritic on purpose). */

const at = (iso: string): Date => new Date(iso);

export function paperBase(overrides: Partial<PaperBase> = {}): PaperBase {
  return {
    dossierCode: 'H48.26.10-251103-0007',
    procedureName: 'Đăng ký khai sinh',
    agency: {
      name: 'Trung tâm Phục vụ hành chính công xã Cam Lộ',
      parentName: 'Ủy ban nhân dân xã Cam Lộ',
      provinceName: 'Quảng Trị',
      placeName: 'Cam Lộ',
      abbreviation: 'TTPVHCC',
    },
    applicant: {
      name: 'Nguyễn Thị Hường',
      address: 'Thôn Phường Cội, xã Cam Lộ, tỉnh Quảng Trị',
      phone: '0912345678',
      email: 'huong.nt@example.vn',
      idNumber: '045190001234',
    },
    issuedAt: at('2025-11-03T01:35:00Z'),
    officerName: 'Lê Văn Đạt',
    documentNumber: '07/TTPVHCC',
    ...overrides,
  };
}

export function mau01Data(overrides: Partial<Mau01Data> = {}): Mau01Data {
  return {
    ...paperBase(),
    components: [
      { name: 'Tờ khai đăng ký khai sinh theo mẫu', copies: 1, form: 'original' },
      { name: 'Giấy chứng sinh do cơ sở y tế cấp', copies: 1, form: 'original' },
      { name: 'Giấy chứng nhận kết hôn của cha, mẹ (nếu có)', copies: 1, form: 'certified_copy' },
    ],
    dossierSets: 1,
    processingTime: { amount: 1, unit: 'working_days' },
    receivedAt: at('2025-11-03T01:35:00Z'),
    dueAt: at('2025-11-04T09:00:00Z'),
    resultDelivery: 'Bộ phận Một cửa, Trung tâm Phục vụ hành chính công xã Cam Lộ',
    publicUrl: 'https://dichvucong.quangtri.example.vn',
    ledger: { book: '01/2025', sequence: 7 },
    ...overrides,
  };
}

export function mau02Data(overrides: Partial<Mau02Data> = {}): Mau02Data {
  return {
    ...paperBase(),
    requirements: ['Bổ sung bản sao có chứng thực Giấy chứng nhận kết hôn của cha, mẹ.', 'Ghi đầy đủ quê quán của mẹ.'],
    reason: 'Tờ khai chưa ghi đủ thông tin về người mẹ; thiếu giấy tờ chứng minh quan hệ hôn nhân.',
    contactPhone: '0233 3861 234',
    publicUrl: 'https://dichvucong.quangtri.example.vn',
    ...overrides,
  };
}

export function mau03Data(overrides: Partial<Mau03Data> = {}): Mau03Data {
  return {
    ...paperBase(),
    legalBasis: 'khoản 1 Điều 16 Luật Hộ tịch 2014',
    reasons: ['Việc khai sinh đã được đăng ký tại Ủy ban nhân dân xã Hướng Hiệp; không đăng ký lại.'],
    ...overrides,
  };
}

export function mau04Data(overrides: Partial<Mau04Data> = {}): Mau04Data {
  return {
    ...paperBase(),
    receivedAt: at('2025-11-03T01:35:00Z'),
    originalDueAt: at('2025-11-04T09:00:00Z'),
    newDueAt: at('2025-11-06T09:00:00Z'),
    reasons: ['Cần xác minh thông tin hộ tịch của người mẹ tại nơi cư trú trước đây.'],
    signerTitle: 'KT. Giám đốc\nPhó Giám đốc',
    ...overrides,
  };
}

export function mau05Data(overrides: Partial<Mau05Data> = {}): Mau05Data {
  return {
    ...paperBase(),
    receivedAt: at('2025-11-03T01:35:00Z'),
    requestedAt: at('2025-11-03T07:10:00Z'),
    stoppedAt: at('2025-11-03T08:00:00Z'),
    reasons: ['Người yêu cầu đề nghị rút hồ sơ để bổ sung giấy tờ và nộp lại sau.'],
    returnOfComponents: 'Hồ sơ đã nộp được trả lại cho Ông/Bà tại Bộ phận Một cửa.',
    signerTitle: 'Giám đốc',
    ...overrides,
  };
}

export function mau06Data(overrides: Partial<Mau06Data> = {}): Mau06Data {
  return {
    ...paperBase(),
    handlingUnit: 'Công chức Tư pháp - Hộ tịch, Ủy ban nhân dân xã Cam Lộ',
    coordinatingUnits: [],
    handovers: [
      {
        fromUnit: 'Bộ phận Một cửa',
        fromPerson: 'Lê Văn Đạt',
        toUnit: 'Công chức Tư pháp - Hộ tịch',
        toPerson: 'Trần Thị Ánh Tuyết',
        at: at('2025-11-03T02:00:00Z'),
        outcome: 'on_time',
      },
      {
        fromUnit: 'Công chức Tư pháp - Hộ tịch',
        fromPerson: 'Trần Thị Ánh Tuyết',
        toUnit: 'Lãnh đạo UBND xã',
        toPerson: 'Phạm Đức Thắng',
        at: at('2025-11-04T03:30:00Z'),
        outcome: 'late',
        note: 'Chờ xác minh',
      },
      {
        fromUnit: 'Lãnh đạo UBND xã',
        toUnit: 'Bộ phận Một cửa',
        at: at('2025-11-04T08:15:00Z'),
      },
    ],
    ...overrides,
  };
}

export function ledgerRows(): LedgerRow[] {
  return [
    {
      dossierCode: 'H48.26.10-251103-0008',
      procedureName: 'Chứng thực bản sao từ bản chính',
      dossierSets: 1,
      applicantName: 'Hoàng Văn Lợi',
      applicantAddress: 'Thôn Tân Xuân, xã Cam Lộ',
      applicantPhone: '0987000111',
      handlingAgency: 'UBND xã Cam Lộ',
      receivedAt: at('2025-11-03T03:00:00Z'),
      dueAt: at('2025-11-03T09:00:00Z'),
      returnedAt: at('2025-11-03T08:00:00Z'),
    },
    {
      dossierCode: 'H48.26.10-251103-0007',
      procedureName: 'Đăng ký khai sinh',
      dossierSets: 1,
      applicantName: 'Nguyễn Thị Hường',
      applicantAddress: 'Thôn Phường Cội, xã Cam Lộ',
      applicantPhone: '0912345678',
      handlingAgency: 'UBND xã Cam Lộ',
      receivedAt: at('2025-11-03T01:35:00Z'),
      dueAt: at('2025-11-04T09:00:00Z'),
      transferredAt: at('2025-11-03T02:00:00Z'),
      resultReceivedAt: at('2025-11-04T08:15:00Z'),
      note: 'Trả qua bưu chính',
    },
  ];
}

export function ledgerPeriod(): LedgerPeriod {
  return {
    from: at('2025-10-31T17:00:00Z'), // 01/11/2025 00:00 in Asia/Ho_Chi_Minh
    to: at('2025-11-30T17:00:00Z'), // 01/12/2025 00:00
    agency: paperBase().agency,
  };
}
