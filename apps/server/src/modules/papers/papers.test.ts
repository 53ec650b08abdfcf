import { describe, expect, it } from 'vitest';
import {
  MAU01_TITLE,
  MAU02_TITLE,
  MAU03_TITLE,
  MAU04_TITLE,
  MAU06_TITLE,
  lookupUrl,
  renderMau01,
  renderMau02,
  renderMau03,
  renderMau04,
  renderMau05,
  renderMau06,
} from './index.js';
import { mau01Data, mau02Data, mau03Data, mau04Data, mau05Data, mau06Data } from './papers.factories.js';
import { pdfPages, pdfText, poppler } from './papers.test-helpers.js';
import { upperVi } from './vn-format.js';
import type { PaperBase } from './papers.types.js';

const papers: { form: string; title: string; data: PaperBase; render: () => Promise<Buffer> }[] = [
  { form: '01', title: MAU01_TITLE, data: mau01Data(), render: () => renderMau01(mau01Data()) },
  { form: '02', title: MAU02_TITLE, data: mau02Data(), render: () => renderMau02(mau02Data()) },
  { form: '03', title: MAU03_TITLE, data: mau03Data(), render: () => renderMau03(mau03Data()) },
  { form: '04', title: MAU04_TITLE, data: mau04Data(), render: () => renderMau04(mau04Data()) },
  {
    form: '05',
    title: 'Thông báo Về việc dừng giải quyết hồ sơ',
    data: mau05Data(),
    render: () => renderMau05(mau05Data()),
  },
  { form: '06', title: MAU06_TITLE, data: mau06Data(), render: () => renderMau06(mau06Data()) },
];

describe.each(papers)('Mẫu số $form', ({ title, data, render }) => {
  it('is an A4 PDF with the Vietnamese font embedded', async () => {
    const pdf = await render();
    expect(pdf.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    const { pages, size } = pdfPages(pdf);
    expect(pages).toBeGreaterThanOrEqual(1);
    expect(size).toMatch(/^595\.28 x 841\.89 pts/);
    // Every font is embedded (no dependency on the reader's or the server's system fonts).
    const fonts = poppler('pdffonts', pdf).split('\n').slice(2).filter(Boolean);
    expect(fonts.length).toBeGreaterThan(0);
    for (const line of fonts) {
      expect(line).toContain('Tinos');
      expect(line).toMatch(/\byes\s+yes\s+yes\b/); // emb sub uni
    }
  });

  it("carries the dossier's data in Vietnamese", async () => {
    const text = pdfText(await render());
    expect(text).toContain(data.dossierCode);
    expect(text).toContain('Nguyễn Thị Hường');
    expect(text).toContain(upperVi(data.agency.name).split(' ').slice(0, 3).join(' '));
    expect(text.includes(data.agency.name) || text.includes(upperVi(data.agency.name))).toBe(true);
    expect(text.toLocaleLowerCase('vi-VN')).toContain(title.toLocaleLowerCase('vi-VN'));
    expect(text).toContain('CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM');
    expect(text).toContain('Độc lập - Tự do - Hạnh phúc');
    expect(text).toContain('Cam Lộ, ngày 03 tháng 11 năm 2025');
  });
});

describe('Mẫu số 01', () => {
  it('prints reception and due instants in Asia/Ho_Chi_Minh, the components and the lookup link', async () => {
    const text = pdfText(await renderMau01(mau01Data()));
    expect(text).toContain('Thời gian nhận hồ sơ: 08 giờ 35 phút, ngày 03 tháng 11 năm 2025');
    expect(text).toContain('Thời gian trả kết quả giải quyết hồ sơ: 16 giờ 00 phút, ngày 04 tháng 11 năm 2025');
    expect(text).toContain('Giấy chứng sinh do cơ sở y tế cấp');
    expect(text).toContain('Bản sao có chứng thực');
    expect(text).toContain('1 ngày làm việc');
    expect(text).toContain('Quyển số: 01/2025, Số thứ tự: 7');
    expect(text).toContain('tra-cuu?ma=H48.26.10-251103-0007');
  });

  it('embeds one QR image', async () => {
    const list = poppler('pdfimages', await renderMau01(mau01Data()), ['-list']);
    // pdfimages lists the picture itself ("image") and, for a PNG with alpha, its soft mask ("smask").
    const images = list
      .split('\n')
      .slice(2)
      .filter((line) => /^\s*\d+\s+\d+\s+image\s/.test(line));
    expect(images).toHaveLength(1);
    expect(images[0]).toMatch(/\s240\s+240\s/);
  });

  it('builds the lookup URL from the public base URL', () => {
    expect(lookupUrl('https://dvc.example.vn/', 'H48.26.10-251103-0007')).toBe(
      'https://dvc.example.vn/tra-cuu?ma=H48.26.10-251103-0007',
    );
  });

  it('is byte-identical for the same input when deterministic', async () => {
    const a = await renderMau01(mau01Data(), { deterministic: true });
    const b = await renderMau01(mau01Data(), { deterministic: true });
    expect(a.equals(b)).toBe(true);
    const c = await renderMau01(mau01Data({ dossierCode: 'H48.26.10-251103-0009' }), { deterministic: true });
    expect(a.equals(c)).toBe(false);
  });
});

describe('Mẫu số 02–05', () => {
  it('02 lists what to supplement and why', async () => {
    const text = pdfText(await renderMau02(mau02Data()));
    expect(text).toContain('1. Bổ sung bản sao có chứng thực Giấy chứng nhận kết hôn của cha, mẹ.');
    expect(text).toContain('Lý do: Tờ khai chưa ghi đủ thông tin về người mẹ');
    expect(text).toContain('NGƯỜI HƯỚNG DẪN');
  });

  it('03 gives the legal basis and the reasons of the refusal', async () => {
    const text = pdfText(await renderMau03(mau03Data()));
    expect(text).toContain('Căn cứ quy định tại khoản 1 Điều 16 Luật Hộ tịch 2014');
    expect(text).toContain('đã được đăng ký tại Ủy ban nhân dân xã Hướng Hiệp');
  });

  it('04 gives the original and the new date, and the signer', async () => {
    const text = pdfText(await renderMau04(mau04Data()));
    expect(text).toContain('16 giờ 00 phút, ngày 04 tháng 11 năm 2025');
    expect(text).toContain('16 giờ 00 phút, ngày 06 tháng 11 năm 2025');
    expect(text).toContain('KT. GIÁM ĐỐC PHÓ GIÁM ĐỐC');
    expect(text).toContain('Nơi nhận:');
    expect(text).toContain('Lê Văn Đạt');
  });

  it('05 gives the stop instant and the reason', async () => {
    const text = pdfText(await renderMau05(mau05Data()));
    expect(text).toContain('THÔNG BÁO');
    expect(text).toContain('kể từ 15 giờ 00 phút, ngày 03 tháng 11 năm 2025');
    expect(text).toContain('đề nghị rút hồ sơ');
  });
});

describe('Mẫu số 06', () => {
  it('has one row per hand-over with its outcome', async () => {
    const text = pdfText(await renderMau06(mau06Data()));
    expect(text).toContain('Giao: Bộ phận Một cửa (Lê Văn Đạt)');
    expect(text).toContain('Trần Thị Ánh Tuyết');
    expect(text).toContain('Đúng hạn');
    expect(text).toContain('Quá hạn');
    expect(text).toContain('Đang giải quyết');
    expect(text).toContain('10 giờ 30 phút, ngày 04 tháng 11 năm 2025');
  });

  it('continues a long table on further pages', async () => {
    const base = mau06Data();
    const first = base.handovers[0];
    if (!first) throw new Error('factory has hand-overs');
    const handovers = Array.from({ length: 40 }, (_, i) => ({ ...first, note: `Bước ${i + 1}` }));
    const pdf = await renderMau06({ ...base, handovers });
    expect(pdfPages(pdf).pages).toBeGreaterThan(1);
    const text = pdfText(pdf);
    expect(text).toContain('Bước 1 ');
    expect(text).toContain('Bước 40');
  });
});
