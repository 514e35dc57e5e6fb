import { describe, expect, it } from 'vitest';
import { getDocument, OPS } from 'pdfjs-dist/legacy/build/pdf.mjs';
import { ProviderError } from '../provider-error';
import {
  formSpec,
  renderForm,
  type ApologyInput,
  type ControlSheetInput,
  type FormDocument,
  type ReceiptInput,
  type RegisterInput,
  type RulePack,
} from './index';

interface PdfContent {
  pages: number;
  text: string;
  images: number;
  title: string | undefined;
}

/** Text of every page (items joined, whitespace collapsed) and the count of painted images. */
async function readPdf(pdf: Buffer): Promise<PdfContent> {
  const task = getDocument({ data: new Uint8Array(pdf), useSystemFonts: false, isEvalSupported: false });
  const doc = await task.promise;
  let text = '';
  let images = 0;
  for (let i = 1; i <= doc.numPages; i++) {
    const page = await doc.getPage(i);
    const content = await page.getTextContent();
    text += content.items.map((it) => ('str' in it ? it.str + (it.hasEOL ? '\n' : '') : '')).join('') + '\n';
    const ops = await page.getOperatorList();
    images += ops.fnArray.filter((f) => f === OPS.paintImageXObject || f === OPS.paintInlineImageXObject).length;
  }
  const meta = await doc.getMetadata();
  const title = (meta.info as { Title?: string }).Title;
  await task.destroy();
  return { pages: doc.numPages, text: text.replace(/\s+/g, ' '), images, title };
}

const agency = { parent: 'UBND tỉnh Bắc Ninh', name: 'Trung tâm Phục vụ hành chính công', place: 'Bắc Ninh' };
const applicant = { name: 'Nguyễn Thị Hương', idNumber: '027190001234', address: 'Số 5 đường Lý Thái Tổ, phường Kinh Bắc', phone: '0912345678' };
const procedure = { code: '1.001193', name: 'Đăng ký khai sinh' };
const common = {
  agency,
  dossierCode: '000.00.19.H26-240521-0001',
  lookupUrl: 'https://dichvucong.example.gov.vn/tra-cuu',
  applicant,
  procedure,
  // 08:15 on 21 May 2024 in Hà Nội
  issuedAt: '2024-05-21T08:15:00+07:00',
};

function receipt(rulePack: RulePack): ReceiptInput {
  return {
    kind: 'receipt',
    rulePack,
    ...common,
    documentNumber: '125/GTN',
    papers: [
      { name: 'Tờ khai đăng ký khai sinh', form: 'Bản chính', copies: 1 },
      { name: 'Giấy chứng sinh', form: 'Bản chính' },
    ],
    statutoryDuration: '03 ngày làm việc',
    receivedAt: new Date('2024-05-21T01:15:00Z'), // 08:15 GMT+7
    appointmentAt: '2024-05-24T16:30:00+07:00',
    returnChannel: 'Tại Bộ phận Một cửa',
    registerBook: '03/2024',
    registerLine: '0001',
    receivingOfficer: { name: 'Trần Văn Đức' },
  };
}

describe('form numbering by rule pack', () => {
  it('2018 has six forms, 2025 seven', () => {
    expect(['receipt', 'supplement', 'refusal', 'apology', 'control-sheet', 'register'].map((k) => formSpec('2018', k as never)?.number)).toEqual([
      '01', '02', '03', '04', '05', '06',
    ]);
    expect(formSpec('2018', 'stop-notice')).toBeNull();
    expect(['receipt', 'supplement', 'refusal', 'apology', 'stop-notice', 'control-sheet', 'register'].map((k) => formSpec('2025', k as never)?.number)).toEqual([
      '01', '02', '03', '04', '05', '06', '07',
    ]);
  });
});

describe('Form 01 receipt and appointment', () => {
  it.each(['2018', '2025'] as const)('renders Vietnamese text, codes, dates and the QR (%s)', async (pack) => {
    const out = await renderForm(receipt(pack));
    expect(out.pdf.subarray(0, 5).toString()).toBe('%PDF-');
    expect(out.sha256).toMatch(/^[0-9a-f]{64}$/);
    expect(out.fileName).toBe('mau-01-giay-tiep-nhan-hen-tra-000.00.19.H26-240521-0001.pdf');
    const pdf = await readPdf(out.pdf);
    expect(pdf.text).toContain('CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM');
    expect(pdf.text).toContain('Độc lập - Tự do - Hạnh phúc');
    expect(pdf.text).toContain('UBND TỈNH BẮC NINH');
    expect(pdf.text).toContain('TRUNG TÂM PHỤC VỤ HÀNH CHÍNH CÔNG');
    expect(pdf.text).toContain('Bắc Ninh, ngày 21 tháng 05 năm 2024');
    expect(pdf.text).toContain('GIẤY TIẾP NHẬN HỒ SƠ VÀ HẸN TRẢ KẾT QUẢ');
    expect(pdf.text).toContain(`Mẫu số 01 (Thông tư số ${pack === '2018' ? '01/2018' : '03/2025'}/TT-VPCP)`);
    expect(pdf.text).toContain('Nguyễn Thị Hương');
    expect(pdf.text).toContain('Đăng ký khai sinh (mã 1.001193)');
    expect(pdf.text).toContain('Mã hồ sơ: 000.00.19.H26-240521-0001');
    expect(pdf.text).toContain('Tờ khai đăng ký khai sinh');
    expect(pdf.text).toContain('Giấy chứng sinh');
    expect(pdf.text).toContain('03 ngày làm việc');
    expect(pdf.text).toContain('08:15 21/05/2024');
    expect(pdf.text).toContain('16:30 24/05/2024');
    expect(pdf.text).toContain('Trần Văn Đức');
    expect(pdf.text).toContain('Số: 125/GTN');
    // The URL may wrap onto a second line.
    expect(pdf.text.replace(/ /g, '')).toContain('https://dichvucong.example.gov.vn/tra-cuu?ma=000.00.19.H26-240521-0001');
    expect(pdf.images).toBe(1);
    expect(pdf.title).toBe('GIẤY TIẾP NHẬN HỒ SƠ VÀ HẸN TRẢ KẾT QUẢ - 000.00.19.H26-240521-0001');
  });

  it('is byte-for-byte reproducible, and the hash follows the content', async () => {
    const a = await renderForm(receipt('2018'));
    const b = await renderForm(receipt('2018'));
    expect(b.sha256).toBe(a.sha256);
    expect(b.pdf.equals(a.pdf)).toBe(true);
    const c = await renderForm({ ...receipt('2018'), appointmentAt: '2024-05-27T16:30:00+07:00' });
    expect(c.sha256).not.toBe(a.sha256);
  });

  it('prints Vietnam time whatever the host zone', async () => {
    const saved = process.env.TZ;
    try {
      process.env.TZ = 'America/New_York';
      const pdf = await readPdf((await renderForm(receipt('2025'))).pdf);
      expect(pdf.text).toContain('08:15 21/05/2024');
    } finally {
      if (saved === undefined) delete process.env.TZ;
      else process.env.TZ = saved;
    }
  });

  it('rejects invalid input with a non-retryable error naming the field', async () => {
    const bad = { ...receipt('2018'), papers: [] } as FormDocument;
    const err = await renderForm(bad).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ProviderError);
    expect((err as ProviderError).retryable).toBe(false);
    expect((err as ProviderError).message).toContain('papers');
  });
});

describe('Form 04 apology', () => {
  const apology = (rulePack: RulePack): ApologyInput => ({
    kind: 'apology',
    rulePack,
    ...common,
    receivedAt: '2024-05-21T08:15:00+07:00',
    originalAppointmentAt: '2024-05-24T16:30:00+07:00',
    newAppointmentAt: '2024-05-29T10:00:00+07:00',
    faultAgency: 'Công an xã Hòa Long',
    delayReason: 'Cần xác minh thông tin cư trú của người mẹ',
    signer: { title: 'Trưởng Công an xã', name: 'Lê Minh Tuấn' },
  });

  it('2018: Phiếu xin lỗi và hẹn lại ngày trả kết quả', async () => {
    const out = await renderForm(apology('2018'));
    expect(out.fileName.startsWith('mau-04-')).toBe(true);
    const pdf = await readPdf(out.pdf);
    expect(pdf.text).toContain('PHIẾU XIN LỖI VÀ HẸN LẠI NGÀY TRẢ KẾT QUẢ');
    expect(pdf.text).toContain('Mẫu số 04 (Thông tư số 01/2018/TT-VPCP)');
    expect(pdf.text).toContain('Kính gửi: Ông/Bà Nguyễn Thị Hương');
    expect(pdf.text).toContain('16:30 24/05/2024');
    expect(pdf.text).toContain('10:00 29/05/2024');
    expect(pdf.text).toContain('Cần xác minh thông tin cư trú của người mẹ');
    expect(pdf.text).toContain('Công an xã Hòa Long xin lỗi');
    expect(pdf.text).toContain('Lê Minh Tuấn');
    expect(pdf.images).toBe(1);
  });

  it('2025: Văn bản xin lỗi và đề nghị gia hạn thời gian giải quyết', async () => {
    const pdf = await readPdf((await renderForm(apology('2025'))).pdf);
    expect(pdf.text).toContain('VĂN BẢN XIN LỖI VÀ ĐỀ NGHỊ GIA HẠN THỜI GIAN GIẢI QUYẾT');
    expect(pdf.text).toContain('Mẫu số 04 (Thông tư số 03/2025/TT-VPCP)');
    expect(pdf.text).toContain('gia hạn thời gian giải quyết hồ sơ đến');
    expect(pdf.text).toContain('10:00 29/05/2024');
  });
});

describe('control sheet', () => {
  const sheet = (rulePack: RulePack, rows = 3): ControlSheetInput => ({
    kind: 'control-sheet',
    rulePack,
    ...common,
    receivedAt: '2024-05-21T08:15:00+07:00',
    appointmentAt: '2024-05-24T16:30:00+07:00',
    rows: Array.from({ length: rows }, (_, i) => ({
      from: i === 0 ? 'Bộ phận Một cửa' : `Phòng Tư pháp ${i}`,
      to: `Phòng Tư pháp ${i + 1}`,
      handedOverAt: new Date(Date.UTC(2024, 4, 21, 2 + i, 0)),
      stepDueAt: new Date(Date.UTC(2024, 4, 22, 2 + i, 0)),
      result: (['early', 'on-time', 'late'] as const)[i % 3],
      note: i === 2 ? 'Chờ xác minh cư trú' : undefined,
    })),
  });

  it('numbers 05 in 2018 and 06 in 2025, one row per hand-off with its result', async () => {
    const a = await renderForm(sheet('2018'));
    const b = await renderForm(sheet('2025'));
    expect(a.fileName.startsWith('mau-05-phieu-kiem-soat-')).toBe(true);
    expect(b.fileName.startsWith('mau-06-phieu-kiem-soat-')).toBe(true);
    const pa = await readPdf(a.pdf);
    const pb = await readPdf(b.pdf);
    expect(pa.text).toContain('Mẫu số 05 (Thông tư số 01/2018/TT-VPCP)');
    expect(pb.text).toContain('Mẫu số 06 (Thông tư số 03/2025/TT-VPCP)');
    for (const t of [pa.text, pb.text]) {
      expect(t).toContain('PHIẾU KIỂM SOÁT QUÁ TRÌNH GIẢI QUYẾT HỒ SƠ');
      expect(t).toContain('Bộ phận Một cửa');
      expect(t).toContain('Phòng Tư pháp 3');
      expect(t).toContain('09:00 21/05/2024');
      expect(t).toContain('11:00 22/05/2024');
      expect(t).toContain('Sớm hạn');
      expect(t).toContain('Đúng hạn');
      expect(t).toContain('Trễ hạn');
      expect(t).toContain('Chờ xác minh cư trú');
    }
  });

  it('breaks long sheets across pages', async () => {
    const pdf = await readPdf((await renderForm(sheet('2025', 40))).pdf);
    expect(pdf.pages).toBeGreaterThan(1);
    expect(pdf.text).toContain('Phòng Tư pháp 40');
  });
});

describe('other forms', () => {
  it('02 supplement lists every item', async () => {
    const out = await renderForm({
      kind: 'supplement', rulePack: '2018', ...common,
      receivedAt: '2024-05-21T08:15:00+07:00',
      items: [
        { document: 'Giấy chứng sinh', requirement: 'Bản chính, không tẩy xóa' },
        { document: 'Giấy đăng ký kết hôn', requirement: 'Bổ sung bản sao chứng thực' },
      ],
      supplementBy: '2024-05-28T17:00:00+07:00',
      contact: { name: 'Trần Văn Đức', phone: '0222 3822 000' },
      officer: { name: 'Trần Văn Đức' },
    });
    const pdf = await readPdf(out.pdf);
    expect(out.fileName.startsWith('mau-02-')).toBe(true);
    expect(pdf.text).toContain('PHIẾU YÊU CẦU BỔ SUNG, HOÀN THIỆN HỒ SƠ');
    expect(pdf.text).toContain('(2 nội dung)');
    expect(pdf.text).toContain('Bản chính, không tẩy xóa');
    expect(pdf.text).toContain('Bổ sung bản sao chứng thực');
    expect(pdf.text).toContain('17:00 28/05/2024');
  });

  it('03 refusal gives the reasons', async () => {
    const pdf = await readPdf((await renderForm({
      kind: 'refusal', rulePack: '2025', ...common, receivedAt: '2024-05-21T08:15:00+07:00',
      reasons: ['Trẻ đã được đăng ký khai sinh tại nơi khác', 'Người yêu cầu không có quyền đăng ký'],
      officer: { name: 'Trần Văn Đức' },
    })).pdf);
    expect(pdf.text).toContain('PHIẾU TỪ CHỐI TIẾP NHẬN GIẢI QUYẾT HỒ SƠ');
    expect(pdf.text).toContain('Mẫu số 03');
    expect(pdf.text).toContain('1. Trẻ đã được đăng ký khai sinh tại nơi khác');
    expect(pdf.text).toContain('2. Người yêu cầu không có quyền đăng ký');
  });

  it('05 stop notice exists only in 2025', async () => {
    const input = {
      kind: 'stop-notice' as const, ...common, receivedAt: '2024-05-21T08:15:00+07:00', stoppedAt: '2024-05-23T09:30:00+07:00',
      reason: 'Người nộp đề nghị dừng giải quyết', signer: { name: 'Lê Minh Tuấn' },
    };
    const pdf = await readPdf((await renderForm({ ...input, rulePack: '2025' })).pdf);
    expect(pdf.text).toContain('THÔNG BÁO DỪNG GIẢI QUYẾT HỒ SƠ');
    expect(pdf.text).toContain('Mẫu số 05 (Thông tư số 03/2025/TT-VPCP)');
    expect(pdf.text).toContain('09:30 23/05/2024');
    const err = await renderForm({ ...input, rulePack: '2018' }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ProviderError);
    expect((err as Error).message).toContain('rule pack 2018');
  });

  it('register: 06 in 2018, 07 in 2025, one line per dossier', async () => {
    const reg = (rulePack: RulePack): RegisterInput => ({
      kind: 'register', rulePack, agency, issuedAt: '2024-06-01T08:00:00+07:00', book: 'Quyển số 03/2024',
      periodFrom: '2024-05-01T00:00:00+07:00', periodTo: '2024-05-31T23:59:00+07:00',
      entries: [
        {
          dossierCode: '000.00.19.H26-240521-0001', procedure: 'Đăng ký khai sinh', applicant: 'Nguyễn Thị Hương',
          leadAgency: 'UBND xã Hòa Long', receivedAt: '2024-05-21T08:15:00+07:00', dueAt: '2024-05-24T16:30:00+07:00',
          sentAt: '2024-05-21T09:00:00+07:00', resultBackAt: '2024-05-23T15:00:00+07:00', returnedAt: '2024-05-24T08:05:00+07:00',
        },
      ],
    });
    const a = await renderForm(reg('2018'));
    const b = await renderForm(reg('2025'));
    expect(a.fileName).toBe('mau-06-so-theo-doi-2024-05-01_2024-05-31.pdf');
    expect(b.fileName.startsWith('mau-07-')).toBe(true);
    const pa = await readPdf(a.pdf);
    expect(pa.text).toContain('SỔ THEO DÕI HỒ SƠ');
    expect(pa.text).toContain('Mẫu số 06 (Thông tư số 01/2018/TT-VPCP)');
    expect(pa.text).toContain('Nguyễn Thị Hương');
    expect(pa.text).toContain('000.00.19.H26-240521-0001'); // on one line, so a search finds it
    expect(pa.text).toContain('08:05 24/05/2024');
    expect((await readPdf(b.pdf)).text).toContain('Mẫu số 07 (Thông tư số 03/2025/TT-VPCP)');
  });
});

describe('layout', () => {
  /** Text boxes that overlap by more than a point, or leave the page: a layout regression. */
  async function layoutProblems(pdf: Buffer): Promise<string[]> {
    const task = getDocument({ data: new Uint8Array(pdf), isEvalSupported: false });
    const doc = await task.promise;
    const problems: string[] = [];
    for (let p = 1; p <= doc.numPages; p++) {
      const page = await doc.getPage(p);
      const vp = page.getViewport({ scale: 1 });
      const items = (await page.getTextContent()).items
        .filter((i) => 'str' in i && i.str.trim() !== '')
        .map((i) => {
          const t = i as { str: string; transform: number[]; width: number; height: number };
          return { s: t.str, x: t.transform[4]!, y: t.transform[5]!, w: t.width, h: t.height };
        });
      for (const it of items) if (it.x < 0 || it.x + it.w > vp.width || it.y < 0 || it.y > vp.height) problems.push(`outside p${p}: ${it.s}`);
      for (let a = 0; a < items.length; a++) {
        for (let b = a + 1; b < items.length; b++) {
          const A = items[a]!;
          const B = items[b]!;
          const ox = Math.min(A.x + A.w, B.x + B.w) - Math.max(A.x, B.x);
          const oy = Math.min(A.y + A.h, B.y + B.h) - Math.max(A.y, B.y);
          if (ox > 1 && oy > 1) problems.push(`overlap p${p}: "${A.s}" / "${B.s}"`);
        }
      }
    }
    await task.destroy();
    return problems;
  }

  it('no overlapping or off-page text in the receipt and a multi-page control sheet', async () => {
    expect(await layoutProblems((await renderForm(receipt('2025'))).pdf)).toEqual([]);
    const sheet: ControlSheetInput = {
      kind: 'control-sheet', rulePack: '2018', ...common,
      receivedAt: '2024-05-21T08:15:00+07:00', appointmentAt: '2024-05-24T16:30:00+07:00',
      rows: Array.from({ length: 30 }, (_, i) => ({
        from: 'Bộ phận Một cửa', to: `Phòng Tư pháp ${i}`, handedOverAt: '2024-05-21T09:00:00+07:00', result: 'late' as const,
        note: 'Ghi chú dài để kiểm tra việc xuống dòng trong ô của bảng kiểm soát',
      })),
    };
    expect(await layoutProblems((await renderForm(sheet)).pdf)).toEqual([]);
  });
});
