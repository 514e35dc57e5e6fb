/**
 * Renders the statutory forms to PDF. Wording is our own, laid out after the structure of the Circular's
 * templates; the form number and title come from the rule pack (./form-numbers).
 */
import { departmentName } from '../../workflows/procedures/departments';
import { createHash } from 'node:crypto';
import { ProviderError } from '../provider-error';
import { formSpec, type FormSpec } from './form-numbers';
import { DateTime } from 'luxon';
import { FormWriter, VN_ZONE, fmtDateTime, lookupLink } from './layout';
import { formDocumentSchema, type FormDocument, type HandoffResult, type ParsedFormOf } from './schemas';

export interface RenderedForm {
  pdf: Buffer;
  /** Hex SHA-256 of the PDF bytes: stable for the same input. */
  sha256: string;
  fileName: string;
}

const HANDOFF_RESULT_LABEL: Record<HandoffResult, string> = {
  early: 'Sớm hạn',
  'on-time': 'Đúng hạn',
  late: 'Trễ hạn',
};

const FILE_SLUG: Record<FormDocument['kind'], string> = {
  receipt: 'giay-tiep-nhan-hen-tra',
  supplement: 'phieu-yeu-cau-bo-sung',
  refusal: 'phieu-tu-choi',
  'refusal-notice': 'thong-bao-khong-giai-quyet',
  apology: 'xin-loi-hen-lai',
  'stop-notice': 'thong-bao-dung',
  'control-sheet': 'phieu-kiem-soat',
  register: 'so-theo-doi',
};

/** Validates and renders a form. Invalid input or a form absent from the rule pack → non-retryable error. */
export async function renderForm(input: FormDocument): Promise<RenderedForm> {
  const parsed = formDocumentSchema.safeParse(input);
  if (!parsed.success) {
    throw new ProviderError({
      provider: 'documents', kind: 'validation',
      message: `invalid ${String((input as { kind?: unknown }).kind)} form input: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`,
    });
  }
  const doc = parsed.data;
  const spec = formSpec(doc.rulePack, doc.kind);
  if (!spec) {
    throw new ProviderError({ provider: 'documents', kind: 'validation', message: `form "${doc.kind}" does not exist in rule pack ${doc.rulePack}` });
  }
  let pdf: Buffer;
  switch (doc.kind) {
    case 'receipt': pdf = await renderReceipt(doc, spec); break;
    case 'supplement': pdf = await renderSupplement(doc, spec); break;
    case 'refusal': pdf = await renderRefusal(doc, spec); break;
    case 'refusal-notice': pdf = await renderRefusalNotice(doc, spec); break;
    case 'apology': pdf = await renderApology(doc, spec); break;
    case 'stop-notice': pdf = await renderStopNotice(doc, spec); break;
    case 'control-sheet': pdf = await renderControlSheet(doc, spec); break;
    case 'register': pdf = await renderRegister(doc, spec); break;
  }
  const code = 'dossierCode' in doc ? doc.dossierCode : `${isoDayVn(doc.periodFrom)}_${isoDayVn(doc.periodTo)}`;
  return {
    pdf,
    sha256: createHash('sha256').update(pdf).digest('hex'),
    fileName: `mau-${spec.number}-${FILE_SLUG[doc.kind]}-${code.replace(/[^A-Za-z0-9._-]/g, '_')}.pdf`,
  };
}

const isoDayVn = (d: Date) => DateTime.fromJSDate(d, { zone: VN_ZONE }).toISODate();

type DossierForm = ParsedFormOf<'receipt' | 'supplement' | 'refusal' | 'refusal-notice' | 'apology' | 'stop-notice' | 'control-sheet'>;

/** Heading, title, code band with QR, and the applicant/procedure lines common to the per-dossier forms. */
async function start(doc: DossierForm, spec: FormSpec, opts: { landscape?: boolean; subtitle?: string } = {}): Promise<FormWriter> {
  const w = new FormWriter({ title: `${spec.title} - ${doc.dossierCode}`, subject: `Mẫu số ${spec.number}`, creationDate: doc.issuedAt, landscape: opts.landscape });
  w.heading(spec, doc.agency, doc.issuedAt, doc.documentNumber);
  w.title(spec.title, opts.subtitle);
  await w.codeAndQr('Mã hồ sơ', doc.dossierCode, lookupLink(doc.lookupUrl, doc.dossierCode));
  return w;
}

function applicantLines(w: FormWriter, doc: DossierForm): void {
  const a = doc.applicant;
  w.labeled('Ông/Bà (tổ chức)', a.name);
  if (a.idNumber) w.labeled('Số định danh cá nhân/CCCD', a.idNumber);
  if (a.address) w.labeled('Địa chỉ', a.address);
  if (a.phone || a.email) w.labeled('Điện thoại / Email', [a.phone, a.email].filter(Boolean).join(' / '));
}

const procedureText = (p: { code?: string; name: string }) => (p.code ? `${p.name} (mã ${p.code})` : p.name);

async function renderReceipt(doc: ParsedFormOf<'receipt'>, spec: FormSpec): Promise<Buffer> {
  const w = await start(doc, spec);
  w.para(`${doc.agency.name} đã tiếp nhận hồ sơ của:`);
  applicantLines(w, doc);
  w.labeled('Nội dung yêu cầu giải quyết', procedureText(doc.procedure));
  w.para('1. Thành phần hồ sơ nộp gồm:', { bold: true });
  w.table(
    [
      { header: 'STT', width: 0.07, align: 'center' },
      { header: 'Tên giấy tờ', width: 0.6 },
      { header: 'Hình thức', width: 0.2 },
      { header: 'Số lượng', width: 0.13, align: 'center' },
    ],
    doc.papers.map((p, i) => [String(i + 1), p.name, p.form ?? '', String(p.copies)]),
  );
  w.labeled('2. Số lượng hồ sơ', `${String(doc.sets).padStart(2, '0')} (bộ)`);
  w.labeled('3. Thời gian giải quyết hồ sơ theo quy định', doc.statutoryDuration);
  w.labeled('4. Thời gian nhận hồ sơ', fmtDateTime(doc.receivedAt));
  w.labeled('5. Thời gian trả kết quả giải quyết hồ sơ', fmtDateTime(doc.appointmentAt));
  w.labeled('6. Đăng ký nhận kết quả', doc.returnChannel);
  if (doc.registerBook || doc.registerLine) {
    w.para(`Vào Sổ theo dõi hồ sơ, Quyển số: ${doc.registerBook ?? '......'}, Số thứ tự: ${doc.registerLine ?? '......'}`, { italic: true });
  }
  w.signatures([
    { title: 'Người nộp hồ sơ', name: doc.applicant.name },
    { title: doc.receivingOfficer.title ?? 'Người tiếp nhận hồ sơ', name: doc.receivingOfficer.name },
  ]);
  return w.finish();
}

async function renderSupplement(doc: ParsedFormOf<'supplement'>, spec: FormSpec): Promise<Buffer> {
  const w = await start(doc, spec);
  w.labeled('Ngày tiếp nhận hồ sơ', fmtDateTime(doc.receivedAt));
  applicantLines(w, doc);
  w.labeled('Nội dung yêu cầu giải quyết', procedureText(doc.procedure));
  w.para(
    `Sau khi xem xét, hồ sơ chưa đầy đủ, chưa hợp lệ. Đề nghị Ông/Bà bổ sung, hoàn thiện một lần toàn bộ các nội dung sau (${doc.items.length} nội dung):`,
  );
  w.table(
    [
      { header: 'STT', width: 0.07, align: 'center' },
      { header: 'Giấy tờ', width: 0.38 },
      { header: 'Nội dung cần bổ sung, hoàn thiện', width: 0.55 },
    ],
    doc.items.map((it, i) => [String(i + 1), it.document, it.requirement]),
  );
  if (doc.supplementBy) w.labeled('Thời hạn bổ sung, hoàn thiện hồ sơ', `trước ${fmtDateTime(doc.supplementBy)}`);
  w.para(
    `Mọi vướng mắc xin liên hệ: ${doc.contact.name}${doc.contact.unit ? `, ${doc.contact.unit}` : ''}${doc.contact.phone ? `, điện thoại ${doc.contact.phone}` : ''}.`,
  );
  w.para('Xin trân trọng cảm ơn!', { italic: true });
  w.signatures([{ title: doc.officer.title ?? 'Người hướng dẫn', name: doc.officer.name }]);
  return w.finish();
}

async function renderRefusal(doc: ParsedFormOf<'refusal'>, spec: FormSpec): Promise<Buffer> {
  const w = await start(doc, spec);
  w.labeled('Ngày tiếp nhận hồ sơ', fmtDateTime(doc.receivedAt));
  applicantLines(w, doc);
  w.labeled('Nội dung yêu cầu giải quyết', procedureText(doc.procedure));
  w.para(`Qua xem xét, ${doc.agency.name} từ chối tiếp nhận, giải quyết hồ sơ này vì các lý do sau:`);
  doc.reasons.forEach((r, i) => w.para(`${i + 1}. ${r}`, { indent: 14 }));
  w.para('Xin thông báo để Ông/Bà được biết và thực hiện.', { italic: true });
  w.signatures([{ title: doc.officer.title ?? 'Người tiếp nhận hồ sơ', name: doc.officer.name }]);
  return w.finish();
}

async function renderRefusalNotice(doc: ParsedFormOf<'refusal-notice'>, spec: FormSpec): Promise<Buffer> {
  const w = await start(doc, spec);
  w.para(`Kính gửi: Ông/Bà ${doc.applicant.name}`, { bold: true, align: 'center' });
  w.labeled('Ngày tiếp nhận hồ sơ', fmtDateTime(doc.receivedAt));
  w.labeled('Nội dung yêu cầu giải quyết', procedureText(doc.procedure));
  w.para(`Sau khi xem xét, ${departmentName(doc.decidingAgency)} không giải quyết hồ sơ nêu trên vì các lý do sau:`);
  doc.reasons.forEach((r, i) => w.para(`${i + 1}. ${r}`, { indent: 14 }));
  w.para('Hồ sơ được trả lại qua Bộ phận Một cửa. Xin thông báo để Ông/Bà được biết.', { italic: true });
  w.signatures([{ title: doc.signer.title ?? `Thủ trưởng ${departmentName(doc.decidingAgency)}`, hint: '(Ký, ghi rõ họ tên và đóng dấu)', name: doc.signer.name }]);
  return w.finish();
}

async function renderApology(doc: ParsedFormOf<'apology'>, spec: FormSpec): Promise<Buffer> {
  const w = await start(doc, spec);
  w.para(`Kính gửi: Ông/Bà ${doc.applicant.name}`, { bold: true, align: 'center' });
  w.labeled('Ngày tiếp nhận hồ sơ', fmtDateTime(doc.receivedAt));
  w.labeled('Nội dung yêu cầu giải quyết', procedureText(doc.procedure));
  w.labeled('Thời gian hẹn trả kết quả', fmtDateTime(doc.originalAppointmentAt));
  w.para(`Hồ sơ của Ông/Bà đang được ${doc.faultAgency} giải quyết nhưng chưa hoàn thành đúng hạn.`);
  w.labeled('Lý do', doc.delayReason);
  if (doc.rulePack === '2018') {
    w.para(`${doc.faultAgency} xin lỗi Ông/Bà vì sự chậm trễ này và xin hẹn lại thời gian trả kết quả:`);
    w.labeled('Thời gian hẹn trả kết quả mới', fmtDateTime(doc.newAppointmentAt));
  } else {
    w.para(`${doc.faultAgency} xin lỗi Ông/Bà vì sự chậm trễ này và đề nghị Ông/Bà đồng ý gia hạn thời gian giải quyết hồ sơ đến:`);
    w.labeled('Thời gian trả kết quả sau gia hạn', fmtDateTime(doc.newAppointmentAt));
  }
  w.para('Mong Ông/Bà thông cảm. Xin trân trọng cảm ơn!', { italic: true });
  w.signatures([{ title: doc.signer.title ?? `Thủ trưởng ${doc.faultAgency}`, hint: '(Ký, ghi rõ họ tên và đóng dấu)', name: doc.signer.name }]);
  return w.finish();
}

async function renderStopNotice(doc: ParsedFormOf<'stop-notice'>, spec: FormSpec): Promise<Buffer> {
  const w = await start(doc, spec);
  w.para(`Kính gửi: Ông/Bà ${doc.applicant.name}`, { bold: true, align: 'center' });
  w.labeled('Ngày tiếp nhận hồ sơ', fmtDateTime(doc.receivedAt));
  w.labeled('Nội dung yêu cầu giải quyết', procedureText(doc.procedure));
  w.para(`${doc.agency.name} thông báo dừng giải quyết hồ sơ nêu trên kể từ ${fmtDateTime(doc.stoppedAt)}.`);
  w.labeled('Lý do', doc.reason);
  if (doc.legalBasis) w.labeled('Căn cứ', doc.legalBasis);
  w.para('Xin thông báo để Ông/Bà được biết.', { italic: true });
  w.signatures([{ title: doc.signer.title ?? 'Thủ trưởng cơ quan', hint: '(Ký, ghi rõ họ tên và đóng dấu)', name: doc.signer.name }]);
  return w.finish();
}

async function renderControlSheet(doc: ParsedFormOf<'control-sheet'>, spec: FormSpec): Promise<Buffer> {
  const w = await start(doc, spec, { landscape: true, subtitle: 'Kèm theo Giấy tiếp nhận hồ sơ và hẹn trả kết quả' });
  w.labeled('Người nộp', doc.applicant.name);
  w.labeled('Thủ tục', procedureText(doc.procedure));
  w.labeled('Thời gian nhận hồ sơ', fmtDateTime(doc.receivedAt));
  w.labeled('Thời gian hẹn trả kết quả', fmtDateTime(doc.appointmentAt));
  w.table(
    [
      { header: 'STT', width: 0.05, align: 'center' },
      { header: 'Bên giao', width: 0.19 },
      { header: 'Bên nhận', width: 0.19 },
      { header: 'Thời gian giao, nhận hồ sơ', width: 0.13, align: 'center' },
      { header: 'Hạn xử lý bước', width: 0.13, align: 'center' },
      { header: 'Kết quả (sớm/đúng hạn/trễ hạn)', width: 0.13, align: 'center' },
      { header: 'Ghi chú', width: 0.18 },
    ],
    doc.rows.map((r, i) => [
      String(i + 1),
      r.from,
      r.to,
      fmtDateTime(r.handedOverAt),
      r.stepDueAt ? fmtDateTime(r.stepDueAt) : '',
      r.result ? HANDOFF_RESULT_LABEL[r.result] : '',
      r.note ?? '',
    ]),
  );
  w.para('Mỗi lần giao, nhận hồ sơ giữa các bên phải ghi đầy đủ thời gian và kết quả vào phiếu này.', { italic: true });
  return w.finish();
}

async function renderRegister(doc: ParsedFormOf<'register'>, spec: FormSpec): Promise<Buffer> {
  const w = new FormWriter({ title: spec.title, subject: `Mẫu số ${spec.number}`, creationDate: doc.issuedAt, landscape: true });
  w.heading(spec, doc.agency, doc.issuedAt, doc.documentNumber);
  w.title(spec.title, `${doc.book ? `${doc.book} — ` : ''}Từ ${fmtDateTime(doc.periodFrom)} đến ${fmtDateTime(doc.periodTo)}`);
  const opt = (d: Date | undefined) => (d ? fmtDateTime(d) : '');
  w.table(
    [
      { header: 'STT', width: 0.035, align: 'center' },
      // Wide enough for a full code (`000.00.19.H26-230512-0001` ≈ 116 pt at 8 pt) on one line: a code broken
      // across lines cannot be found by searching the PDF.
      { header: 'Mã hồ sơ', width: 0.165 },
      { header: 'Tên thủ tục hành chính', width: 0.13 },
      { header: 'Tổ chức, cá nhân', width: 0.11 },
      { header: 'Cơ quan chủ trì giải quyết', width: 0.1 },
      { header: 'Nhận hồ sơ', width: 0.075, align: 'center' },
      { header: 'Hẹn trả kết quả', width: 0.075, align: 'center' },
      { header: 'Chuyển hồ sơ đến cơ quan giải quyết', width: 0.075, align: 'center' },
      { header: 'Nhận kết quả từ cơ quan giải quyết', width: 0.075, align: 'center' },
      { header: 'Trả kết quả', width: 0.075, align: 'center' },
      { header: 'Ghi chú', width: 0.085 },
    ],
    doc.entries.map((e, i) => [
      String(i + 1), e.dossierCode, e.procedure, e.applicant, e.leadAgency, fmtDateTime(e.receivedAt), fmtDateTime(e.dueAt),
      opt(e.sentAt), opt(e.resultBackAt), opt(e.returnedAt), e.note ?? '',
    ]),
    8,
  );
  if (doc.entries.length === 0) w.para('(Không có hồ sơ trong kỳ.)', { italic: true });
  return w.finish();
}
