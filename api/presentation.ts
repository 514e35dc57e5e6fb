/**
 * Vietnamese wording of what the workflow records as data: event lines for timelines, hand-off labels, fee rules.
 * One source for the API, the console and the citizen page; changing a sentence here needs no workflow deploy and
 * carries no replay risk. Legacy events (recorded with their own sentence) keep it.
 */
import type { FeeRule } from '../workflows/procedures/schema';
import { departmentName } from '../workflows/procedures/departments';
import type { HandOffResult } from '../workflows/shared/dossier';
import { formatVietnamTime as vn, formatVnd } from '../workflows/shared/format';

/** Control sheet results (Circular 01/2018/TT-VPCP Form 05; 2025 Form 06): Trước hạn / Đúng hạn / Quá hạn. */
export const HAND_OFF_LABEL: Record<HandOffResult, string> = { early: 'Trước hạn', 'on-time': 'Đúng hạn', late: 'Quá hạn' };

const CHANNEL: Record<string, string> = { counter: 'trực tiếp tại quầy', online: 'trực tuyến', postal: 'bưu chính' };
const RETURN: Record<string, string> = { counter: 'tại quầy', online: 'trực tuyến', postal: 'qua bưu chính' };
const POSTAL: Record<string, string> = {
  created: 'đã tạo đơn',
  'picked-up': 'đã nhận hàng',
  'handed-to-agency': 'đã bàn giao cho cơ quan',
  delivered: 'đã phát thành công',
  'delivery-failed': 'phát không thành công',
  returned: 'đã chuyển hoàn',
};
const DOCUMENT: Record<string, string> = {
  receipt: 'Giấy tiếp nhận hồ sơ và hẹn trả kết quả',
  supplement: 'Phiếu yêu cầu bổ sung, hoàn thiện hồ sơ',
  refusal: 'Phiếu từ chối tiếp nhận giải quyết hồ sơ',
  'refusal-notice': 'Thông báo không giải quyết hồ sơ',
  apology: 'Văn bản xin lỗi và hẹn lại ngày trả kết quả',
  'stop-notice': 'Thông báo dừng giải quyết hồ sơ',
};

export interface EventLike {
  type: string;
  actor?: string | null;
  department?: string | null;
  summary?: string | null;
  data: unknown;
}

const time = (v: unknown) => (typeof v === 'string' && v ? vn(v) : '');
const unit = (v: unknown) => (typeof v === 'string' && v ? departmentName(v) : '');

/** One Vietnamese line for a dossier event. */
export function describeEvent(e: EventLike): string {
  if (e.summary) return e.summary;
  const d = (e.data ?? {}) as Record<string, any>;
  const dept = unit(e.department);
  switch (e.type) {
    case 'RECEIVED':
      return `Tiếp nhận hồ sơ (kênh ${CHANNEL[d.channel] ?? d.channel}), hẹn trả kết quả ${time(d.dueAt)}`;
    case 'STEP_STARTED':
      return `Chuyển hồ sơ từ ${unit(d.from)} đến ${dept}: bước "${d.stepName}", hạn ${time(d.dueAt)}`;
    case 'STEP_CLAIMED':
      return `Cán bộ ${e.actor} nhận xử lý bước "${d.stepName}"`;
    case 'STEP_APPROVED':
      return `${dept} hoàn thành bước "${d.stepName}" (${HAND_OFF_LABEL[d.result as HandOffResult]?.toLowerCase() ?? d.result})`;
    case 'STEP_RETURNED':
      return `${dept} trả hồ sơ về bước trước: ${d.reason}`;
    case 'SUPPLEMENT_REQUESTED':
      return d.atReception
        ? `Hồ sơ chưa đầy đủ: ${(d.missingItems ?? []).join('; ')}${d.deadline ? ` (hạn ${time(d.deadline)})` : ''}; chưa tính thời hạn giải quyết`
        : `Yêu cầu bổ sung (một lần): ${(d.missingItems ?? []).join('; ')}${d.deadline ? ` (hạn ${time(d.deadline)})` : ''}; ${d.clock === 'pause' ? 'tạm dừng tính thời hạn' : 'thời hạn tính lại từ đầu khi nhận đủ hồ sơ'}`;
    case 'SUPPLEMENT_RECEIVED':
      return d.atReception ? 'Đã nhận đủ hồ sơ bổ sung tại bộ phận một cửa' : `Đã nhận hồ sơ bổ sung; hẹn trả mới ${time(d.dueAt)}`;
    case 'REFUSED':
      return `Từ chối giải quyết: ${d.reason}`;
    case 'WITHDRAWN':
      return `Công dân rút hồ sơ: ${d.reason}`;
    case 'STOPPED':
      return `Dừng xử lý: ${d.reason}`;
    case 'NOTE_ADDED':
      return `Ghi chú: ${d.note}`;
    case 'STEP_ESCALATED':
      return d.manual
        ? `Giám sát viên đôn đốc ${dept} ở bước "${d.stepName}": ${d.note}`
        : `Bước "${d.stepName}" của ${dept} quá hạn (${time(d.dueAt)}); chuyển giám sát viên và lãnh đạo đơn vị`;
    case 'STEP_REASSIGNED':
      return `Giao lại bước "${d.stepName}" cho ${dept}${d.toOfficer ? ` / ${d.toOfficer}` : ''}: ${d.note}`;
    case 'DEADLINE_EXTENDED':
      return `Gia hạn ${d.hours} giờ làm việc: ${d.reason}; hẹn trả mới ${time(d.dueAt)} (đã gửi văn bản thông báo cho công dân)`;
    case 'STEP_REMINDER':
      return `Nhắc ${dept}: bước "${d.stepName}" đến hạn ${time(d.dueAt)}`;
    case 'DUE_SLIP_ESCALATED':
      return `Hồ sơ sẽ trễ cả hẹn mới (${time(d.dueAt)}) sau khi đã xin lỗi; chuyển giám sát viên xử lý`;
    case 'APOLOGY_ISSUED':
      return `${unit(d.faultUnit)} xin lỗi công dân, hẹn lại ngày trả kết quả ${time(d.newDueAt)} (lý do: ${d.reason})`;
    case 'PAYMENT_REQUESTED':
      return (d.attempt ?? 1) > 1
        ? `Tạo lại yêu cầu nộp phí, lệ phí (lần ${d.attempt}) sau lần thanh toán không thành công, hạn ${time(d.deadline)}`
        : `Yêu cầu nộp phí, lệ phí ${formatVnd(d.amountVnd)} đồng, hạn ${time(d.deadline)}`;
    case 'PAYMENT_AWAITED':
      return `Đã xử lý xong; chờ công dân nộp phí, lệ phí ${formatVnd(d.amountVnd)} đồng (hạn ${time(d.deadline)}), thời gian chờ không tính vào thời hạn giải quyết`;
    case 'FEES_PAID':
      return `Đã nộp phí, lệ phí ${formatVnd(d.amountVnd)} đồng (${d.method})`;
    case 'PAYMENT_FAILED':
      return `Thanh toán không thành công (${d.reason})`;
    case 'RESULT_READY':
      return `Đã xử lý xong (${d.onTime ? 'đúng hẹn' : 'trễ hẹn'}), chờ trả kết quả`;
    case 'RETURNED':
      return `Đã trả kết quả (${RETURN[d.method] ?? d.method})`;
    case 'SURVEY_INVITED':
      return 'Mời công dân đánh giá mức độ hài lòng';
    case 'POSTAL_PICKUP_ORDERED':
      return `Bưu chính công ích đến nhận hồ sơ tại địa chỉ công dân, mã vận đơn ${d.trackingNumber}`;
    case 'POSTAL_ORDER_CREATED':
      return `Gửi kết quả qua bưu chính công ích, mã vận đơn ${d.trackingNumber}`;
    case 'POSTAL_TRACKING':
      return `Bưu chính: ${POSTAL[d.status] ?? d.status}${d.note ? ` (${d.note})` : ''}`;
    case 'POSTAL_UNDELIVERED':
      return 'Bưu chính không phát được; kết quả chờ trả tại quầy';
    case 'DOCUMENT_ISSUED':
      return `Phát hành ${DOCUMENT[d.kind] ?? d.kind} (${d.fileName})`;
    case 'CALENDAR_CHANGED':
      return d.moved
        ? `Áp dụng lịch làm việc mới (${d.reason}): hẹn trả kết quả ${time(d.previousDueAt)} → ${time(d.dueAt)}`
        : `Áp dụng lịch làm việc mới (${d.reason}); hẹn trả kết quả không đổi`;
    default:
      return e.type;
  }
}

/** A fee rule in words, for staff and citizens. */
export function feeRuleText(f: FeeRule): string {
  if (f.kind === 'fixed') return `${formatVnd(f.amountVnd)} đồng`;
  const tiers = f.tiers.map((t, i) => {
    const next = f.tiers[i + 1];
    const range = next ? (next.fromPage - 1 === t.fromPage ? `trang ${t.fromPage}` : `trang ${t.fromPage}–${next.fromPage - 1}`) : `từ trang ${t.fromPage}`;
    return `${range}: ${formatVnd(t.vndPerPage)} đồng/trang`;
  });
  return `${tiers.join('; ')}${f.capPerCopyVnd ? `; tối đa ${formatVnd(f.capPerCopyVnd)} đồng/bản` : ''}`;
}
