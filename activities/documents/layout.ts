/**
 * Page furniture shared by the forms: fonts, national heading (quốc hiệu, tiêu ngữ), agency block, title,
 * labelled lines, tables that break across pages, signature blocks, QR code.
 */
import { createRequire } from 'node:module';
import { DateTime } from 'luxon';
import PDFDocument from 'pdfkit';
import QRCode from 'qrcode';
import type { FormSpec } from './form-numbers';

export const VN_ZONE = 'Asia/Ho_Chi_Minh';

const require = createRequire(import.meta.url);
/** DejaVu Sans covers the precomposed Vietnamese letters; the PDF standard fonts do not. */
export const FONT_FILES = {
  regular: require.resolve('dejavu-fonts-ttf/ttf/DejaVuSans.ttf'),
  bold: require.resolve('dejavu-fonts-ttf/ttf/DejaVuSans-Bold.ttf'),
  italic: require.resolve('dejavu-fonts-ttf/ttf/DejaVuSans-Oblique.ttf'),
} as const;

/** hh:mm dd/mm/yyyy in Vietnam time, whatever the host zone. */
export function fmtDateTime(d: Date): string {
  return DateTime.fromJSDate(d, { zone: VN_ZONE }).toFormat('HH:mm dd/MM/yyyy');
}

export function fmtDate(d: Date): string {
  return DateTime.fromJSDate(d, { zone: VN_ZONE }).toFormat('dd/MM/yyyy');
}

/** "Bắc Ninh, ngày 05 tháng 03 năm 2025" — the date line of an administrative document. */
export function dateLine(place: string, d: Date): string {
  const dt = DateTime.fromJSDate(d, { zone: VN_ZONE });
  return `${place}, ngày ${dt.toFormat('dd')} tháng ${dt.toFormat('MM')} năm ${dt.toFormat('yyyy')}`;
}

/** NFC so every Vietnamese letter maps to one precomposed glyph in the font. */
const nfc = (s: string) => s.normalize('NFC');

export interface Column {
  header: string;
  width: number;
  align?: 'left' | 'center' | 'right';
}

export interface WriterOptions {
  title: string;
  subject: string;
  creationDate: Date;
  landscape?: boolean;
}

const SIZE = 11;

export class FormWriter {
  readonly doc: PDFKit.PDFDocument;
  private readonly chunks: Buffer[] = [];
  private readonly done: Promise<Buffer>;

  constructor(opts: WriterOptions) {
    this.doc = new PDFDocument({
      size: 'A4',
      layout: opts.landscape ? 'landscape' : 'portrait',
      margins: { top: 45, bottom: 45, left: opts.landscape ? 45 : 65, right: 45 },
      lang: 'vi-VN',
      displayTitle: true,
      // Fixed metadata: the file ID is derived from it, which makes the bytes reproducible.
      info: {
        Title: nfc(opts.title),
        Subject: nfc(opts.subject),
        Creator: 'mot-cua-router',
        Producer: 'mot-cua-router (pdfkit)',
        CreationDate: opts.creationDate,
        ModDate: opts.creationDate,
      },
    });
    this.doc.registerFont('Regular', FONT_FILES.regular);
    this.doc.registerFont('Bold', FONT_FILES.bold);
    this.doc.registerFont('Italic', FONT_FILES.italic);
    this.doc.font('Regular').fontSize(SIZE);
    this.done = new Promise((resolve, reject) => {
      this.doc.on('data', (c: Buffer) => this.chunks.push(c));
      this.doc.on('end', () => resolve(Buffer.concat(this.chunks)));
      this.doc.on('error', reject);
    });
  }

  get left(): number {
    return this.doc.page.margins.left;
  }
  get width(): number {
    return this.doc.page.width - this.doc.page.margins.left - this.doc.page.margins.right;
  }
  private get bottom(): number {
    return this.doc.page.height - this.doc.page.margins.bottom;
  }

  /** Starts a new page if fewer than `h` points remain. */
  ensureSpace(h: number): void {
    if (this.doc.y + h > this.bottom) this.doc.addPage();
  }

  /** Form number line, agency block (left) and national heading with the date line (right). */
  heading(spec: FormSpec, agency: { parent?: string; name: string; place: string }, issuedAt: Date, documentNumber?: string): void {
    const d = this.doc;
    const top = d.page.margins.top;
    d.font('Italic').fontSize(8.5).text(nfc(`Mẫu số ${spec.number} (${spec.circular})`), this.left, top - 22, {
      width: this.width, align: 'right',
    });

    const leftW = this.width * 0.42;
    const rightX = this.left + leftW;
    const rightW = this.width - leftW;

    d.y = top;
    if (agency.parent) d.font('Regular').fontSize(10).text(nfc(agency.parent.toUpperCase()), this.left, d.y, { width: leftW, align: 'center' });
    d.font('Bold').fontSize(10).text(nfc(agency.name.toUpperCase()), this.left, d.y, { width: leftW, align: 'center' });
    this.rule(this.left + leftW / 2, d.y + 2, 60);
    d.y += 8;
    d.font('Regular').fontSize(10).text(nfc(`Số: ${documentNumber ?? '......'}`), this.left, d.y, { width: leftW, align: 'center' });
    const leftEnd = d.y;

    d.y = top;
    d.font('Bold').fontSize(10).text('CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM', rightX, d.y, { width: rightW, align: 'center' });
    d.font('Bold').fontSize(11).text('Độc lập - Tự do - Hạnh phúc', rightX, d.y, { width: rightW, align: 'center' });
    this.rule(rightX + rightW / 2, d.y + 2, d.widthOfString('Độc lập - Tự do - Hạnh phúc'));
    d.y += 8;
    d.font('Italic').fontSize(10).text(nfc(dateLine(agency.place, issuedAt)), rightX, d.y, { width: rightW, align: 'center' });

    d.y = Math.max(leftEnd, d.y) + 18;
    d.font('Regular').fontSize(SIZE);
  }

  /** A centred horizontal line of length `len` under a heading. */
  private rule(cx: number, y: number, len: number): void {
    this.doc.save().lineWidth(0.7).moveTo(cx - len / 2, y).lineTo(cx + len / 2, y).stroke().restore();
    this.doc.y = y + 2;
  }

  title(text: string, subtitle?: string): void {
    const d = this.doc;
    d.font('Bold').fontSize(13).text(nfc(text), this.left, d.y, { width: this.width, align: 'center' });
    if (subtitle) d.font('Italic').fontSize(10).text(nfc(subtitle), this.left, d.y + 2, { width: this.width, align: 'center' });
    d.y += 10;
    d.font('Regular').fontSize(SIZE);
  }

  /** The dossier code in bold on the left and the QR code on the right of the same band. */
  async codeAndQr(label: string, code: string, qrText: string): Promise<void> {
    const d = this.doc;
    const png = await qrPng(qrText);
    const size = 72;
    const y = d.y;
    d.image(png, this.left + this.width - size, y, { width: size, height: size });
    d.font('Bold').fontSize(12).text(nfc(`${label}: ${code}`), this.left, y + 8, { width: this.width - size - 10 });
    d.font('Italic').fontSize(8.5).text(nfc(`Tra cứu hồ sơ: quét mã QR hoặc truy cập ${qrText}`), this.left, d.y + 4, {
      width: this.width - size - 10,
    });
    d.y = Math.max(d.y, y + size) + 8;
    d.font('Regular').fontSize(SIZE);
  }

  para(text: string, opts: { bold?: boolean; italic?: boolean; indent?: number; align?: 'left' | 'justify' | 'center' } = {}): void {
    const d = this.doc;
    const indent = opts.indent ?? 0;
    d.font(opts.bold ? 'Bold' : opts.italic ? 'Italic' : 'Regular').fontSize(SIZE);
    this.ensureSpace(d.heightOfString(nfc(text), { width: this.width - indent }));
    d.text(nfc(text), this.left + indent, d.y, { width: this.width - indent, align: opts.align ?? 'justify', lineGap: 2 });
    d.y += 3;
    d.font('Regular');
  }

  /** "Label: value" with the label in bold. */
  labeled(label: string, value: string | undefined, indent = 0): void {
    const d = this.doc;
    const v = value ?? '........................................';
    this.ensureSpace(d.heightOfString(nfc(`${label}: ${v}`), { width: this.width - indent }) + 3);
    d.font('Bold').fontSize(SIZE).text(nfc(`${label}: `), this.left + indent, d.y, { width: this.width - indent, continued: true, lineGap: 2 });
    d.font('Regular').text(nfc(v), { lineGap: 2 });
    d.y += 3;
  }

  /** Bordered table; column widths are fractions of the text width; the header repeats on new pages. */
  table(columns: Column[], rows: string[][], fontSize = 9.5): void {
    const d = this.doc;
    const total = columns.reduce((s, c) => s + c.width, 0);
    const widths = columns.map((c) => (c.width / total) * this.width);
    const pad = 3;
    const rowHeight = (cells: string[], font: string) => {
      d.font(font).fontSize(fontSize);
      return Math.max(...cells.map((c, i) => d.heightOfString(nfc(c || ' '), { width: widths[i]! - 2 * pad }))) + 2 * pad;
    };
    const drawRow = (cells: string[], font: string, h: number, fill?: string) => {
      let x = this.left;
      const y = d.y;
      if (fill) d.save().rect(this.left, y, this.width, h).fill(fill).restore();
      d.font(font).fontSize(fontSize).fillColor('black');
      cells.forEach((c, i) => {
        const w = widths[i]!;
        d.save().lineWidth(0.5).rect(x, y, w, h).stroke().restore();
        d.text(nfc(c), x + pad, y + pad, { width: w - 2 * pad, align: columns[i]!.align ?? 'left' });
        x += w;
      });
      d.y = y + h;
    };
    const headers = columns.map((c) => c.header);
    const headerH = rowHeight(headers, 'Bold');
    this.ensureSpace(headerH + 20);
    drawRow(headers, 'Bold', headerH, '#eeeeee');
    for (const r of rows) {
      const h = rowHeight(r, 'Regular');
      if (d.y + h > this.bottom) {
        d.addPage();
        drawRow(headers, 'Bold', headerH, '#eeeeee');
      }
      drawRow(r, 'Regular', h);
    }
    d.y += 8;
    d.font('Regular').fontSize(SIZE);
  }

  /** Signature blocks side by side: title, "(Ký và ghi rõ họ tên)", space, printed name. */
  signatures(blocks: { title: string; hint?: string; name?: string }[]): void {
    const d = this.doc;
    this.ensureSpace(120);
    const w = this.width / blocks.length;
    const y0 = d.y + 6;
    blocks.forEach((b, i) => {
      const x = this.left + i * w;
      d.font('Bold').fontSize(10.5).text(nfc(b.title.toUpperCase()), x, y0, { width: w, align: 'center' });
      d.font('Italic').fontSize(9).text(nfc(b.hint ?? '(Ký và ghi rõ họ tên)'), x, d.y, { width: w, align: 'center' });
      if (b.name) d.font('Bold').fontSize(10.5).text(nfc(b.name), x, d.y + 60, { width: w, align: 'center' });
    });
    d.y = y0 + 110;
    d.font('Regular').fontSize(SIZE);
  }

  /** Ends the document and returns its bytes. */
  finish(): Promise<Buffer> {
    this.doc.end();
    return this.done;
  }
}

/** QR PNG; fixed options so the same text always gives the same bytes. */
export function qrPng(text: string): Promise<Buffer> {
  return QRCode.toBuffer(text, { type: 'png', errorCorrectionLevel: 'M', margin: 1, scale: 4 });
}

/** The citizen lookup URL with the dossier code, as carried by the QR code. */
export function lookupLink(lookupUrl: string, dossierCode: string): string {
  const u = new URL(lookupUrl);
  u.searchParams.set('ma', dossierCode);
  return u.toString();
}
