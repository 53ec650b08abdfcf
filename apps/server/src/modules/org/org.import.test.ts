import { describe, expect, it } from 'vitest';
import {
  buildUnitDataset,
  mergeKindOf,
  parseConversions,
  parseCsv,
  parseOldUnits,
  splitNameCode,
  UnitDataError,
} from './org.import.js';
import { foldVietnamese, likeContains } from './org.search.js';

const OLD_HEADER = 'Tỉnh Thành Phố,Mã TP,Quận Huyện,Mã QH,Phường Xã,Mã PX,Cấp,Tên Tiếng Anh';
const CONV_HEADER =
  'Đơn vị hành chính từ ngày 01/7/2025,,,Đơn vị hành chính trước ngày 01/7/2025,,,,,\n' +
  '"Tỉnh, thành phố",Tên Xã mới,Mã Xã mới,Tên Xã cũ,Mã Xã cũ,Ghi chú,Quận/huyện,Tỉnh cũ,';

describe('parseCsv', () => {
  it('reads quoted fields with commas, doubled quotes and line breaks, CRLF and a BOM', () => {
    expect(parseCsv('\ufeffa,"b, c","say ""hi"""\r\n"multi\nline",x,\n')).toEqual([
      ['a', 'b, c', 'say "hi"'],
      ['multi\nline', 'x', ''],
    ]);
  });
});

describe('conversion table', () => {
  it('skips the two header lines and the province separator rows, and reads codes from "Name (code)"', () => {
    const csv = `${CONV_HEADER}
QUẢNG TRỊ  ,,,,,,,,
Tỉnh Quảng Trị (44),Phường Đồng Hới,18880,Phường Hải Đình,18859,Nhập toàn bộ,Thành phố Đồng Hới (450),Tỉnh Quảng Bình (44),
Tỉnh Quảng Trị (44),Đặc khu Cồn Cỏ,19742,,,Sắp xếp toàn bộ huyện Cồn Cỏ thành đặc khu Cồn Cỏ,Huyện Cồn Cỏ (471),Quảng Trị (45),
`;
    const rows = parseConversions(csv);
    expect(rows).toHaveLength(2);
    expect(rows[0]).toEqual({
      newProvinceCode: '44',
      newCommuneCode: '18880',
      newCommuneName: 'Phường Đồng Hới',
      oldCommuneCode: '18859',
      oldCommuneName: 'Phường Hải Đình',
      oldDistrictCode: '450',
      oldDistrictName: 'Thành phố Đồng Hới',
      oldProvinceCode: '44',
      oldProvinceName: 'Tỉnh Quảng Bình',
      mergeKind: 'full',
      note: 'Nhập toàn bộ',
    });
    // A whole district made a special zone: no old commune code, the district names it.
    expect(rows[1]).toMatchObject({
      oldCommuneCode: null,
      oldCommuneName: 'Huyện Cồn Cỏ',
      oldDistrictCode: '471',
      mergeKind: 'full',
    });
  });

  it('refuses a file whose header is not the expected one, and a malformed code', () => {
    expect(() => parseConversions('a,b,c\nx,y,z\n')).toThrow(UnitDataError);
    expect(() =>
      parseConversions(`${CONV_HEADER}\nTỉnh X (44),Xã Y,1234,Xã Z,00001,Nhập toàn bộ,Huyện Q (001),Tỉnh X (44),\n`),
    ).toThrow(/5 chữ số/);
  });

  it('classifies the free-text notes, typos included', () => {
    expect(mergeKindOf('Nhập toàn bộ')).toBe('full');
    expect(mergeKindOf('Nhập một  phần')).toBe('partial');
    expect(mergeKindOf('Nhâp một phần diện tích')).toBe('partial');
    expect(mergeKindOf('Phần còn lại sau khi tách một phần vào xã Canh Vinh')).toBe('partial');
    expect(mergeKindOf('Giữ nguyên ')).toBe('unchanged');
    expect(mergeKindOf('Đổi tên')).toBe('renamed');
    expect(mergeKindOf('Sắp xếp toàn bộ huyện Lý Sơn thành đặc khu Lý Sơn')).toBe('full');
    expect(mergeKindOf('???')).toBe('other');
  });

  it('splits "Name (code)" and pads the code', () => {
    expect(splitNameCode(' Huyện Cồn Cỏ (471) ', 3)).toEqual({ name: 'Huyện Cồn Cỏ', code: '471' });
    expect(splitNameCode('Hà Nội (1)', 2)).toEqual({ name: 'Hà Nội', code: '01' });
    expect(splitNameCode('THÀNH PHỐ HÀ NỘI', 2)).toEqual({ name: 'THÀNH PHỐ HÀ NỘI', code: null });
  });
});

describe('the two eras put together', () => {
  const old = `${OLD_HEADER}
Tỉnh Quảng Bình,44,Thành phố Đồng Hới,450,Phường Hải Đình,18859,Phường,
Tỉnh Quảng Trị,45,Huyện Cồn Cỏ,471,,,Huyện,
`;
  const current = [
    {
      name: 'Tỉnh Quảng Trị',
      code: 44,
      division_type: 'tỉnh',
      wards: [
        { name: 'Phường Đồng Hới', code: 18880, division_type: 'phường' },
        { name: 'Đặc khu Cồn Cỏ', code: 19742, division_type: 'đặc khu' },
      ],
    },
  ];
  const conv = `${CONV_HEADER}
Tỉnh Quảng Trị (44),Phường Đồng Hới,18880,Phường Hải Đình,18859,Nhập toàn bộ,Thành phố Đồng Hới (450),Tỉnh Quảng Bình (44),
Tỉnh Quảng Trị (44),Phường Đồng Hới,18880,Phường Đồng Phú,18862,Nhập toàn bộ,Thành phố Đồng Hới (450),Tỉnh Quảng Bình (44),
Tỉnh Quảng Trị (44),Đặc khu Cồn Cỏ,19742,,,Sắp xếp toàn bộ huyện Cồn Cỏ thành đặc khu Cồn Cỏ,Huyện Cồn Cỏ (471),Quảng Trị (45),
`;

  it('keeps a reused code once per era and gives each old unit its successors', () => {
    const { units } = buildUnitDataset({ currentJson: current, oldCsv: old, conversionCsv: conv });
    const at = (code: string) => units.filter((u) => u.code === code);
    expect(at('44').map((u) => [u.name, u.validFrom, u.validTo, u.successorCodes])).toEqual([
      ['Tỉnh Quảng Bình', '-infinity', '2025-06-30', ['44']],
      ['Tỉnh Quảng Trị', '2025-07-01', null, []],
    ]);
    expect(at('45')[0]?.successorCodes).toEqual(['44']);
    expect(at('471')[0]).toMatchObject({ level: 'district', parentCode: '45', successorCodes: ['19742'] });
    expect(at('450')[0]).toMatchObject({ divisionType: 'thành phố', successorCodes: ['18880'] });
    // 18862 is only in the conversion table: it is added as an old commune so that it resolves.
    expect(at('18862')[0]).toMatchObject({
      level: 'commune',
      parentCode: '450',
      validTo: '2025-06-30',
      successorCodes: ['18880'],
    });
  });

  it('reads the old list and refuses a wrong header', () => {
    expect(parseOldUnits(old).map((u) => `${u.level}:${u.code}`)).toEqual([
      'province:44',
      'district:450',
      'commune:18859',
      'province:45',
      'district:471',
    ]);
    expect(() => parseOldUnits('x,y\n1,2\n')).toThrow(UnitDataError);
  });
});

describe('diacritics-insensitive search text', () => {
  it('folds Vietnamese to plain lower-case ASCII, đ included', () => {
    expect(foldVietnamese('  Nguyễn  Văn ĐỨC ')).toBe('nguyen van duc');
    expect(foldVietnamese('Phường Đồng Hới')).toBe('phuong dong hoi');
  });
  it('escapes LIKE wildcards', () => {
    expect(likeContains('50%_a\\b')).toBe('%50\\%\\_a\\\\b%');
  });
});
