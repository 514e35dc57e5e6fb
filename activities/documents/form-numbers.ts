/**
 * Form numbers and titles per rule pack.
 *
 * 2018: Circular 01/2018/TT-VPCP, six forms (01 receipt, 02 supplement, 03 refusal, 04 apology, 05 control sheet,
 * 06 register).
 * 2025: Circular 03/2025/TT-VPCP, Appendix I, seven forms. Numbers and titles 01–07 below were checked against a
 * secondary source (thuviennhadat.vn summary of Appendix I, listing "Mẫu số 01 … Mẫu số 07"), NOT against the
 * Official Gazette text: treat all seven 2025 numbers as unconfirmed until checked against the signed circular.
 */
import type { FormKind, RulePack } from './schemas';

export interface FormSpec {
  number: string;
  title: string;
  circular: string;
}

const CIRCULAR: Record<RulePack, string> = {
  '2018': 'Thông tư số 01/2018/TT-VPCP',
  '2025': 'Thông tư số 03/2025/TT-VPCP',
};

const SPECS: Record<RulePack, Partial<Record<FormKind, { number: string; title: string }>>> = {
  '2018': {
    receipt: { number: '01', title: 'GIẤY TIẾP NHẬN HỒ SƠ VÀ HẸN TRẢ KẾT QUẢ' },
    supplement: { number: '02', title: 'PHIẾU YÊU CẦU BỔ SUNG, HOÀN THIỆN HỒ SƠ' },
    refusal: { number: '03', title: 'PHIẾU TỪ CHỐI TIẾP NHẬN GIẢI QUYẾT HỒ SƠ' },
    'refusal-notice': { number: 'TB', title: 'THÔNG BÁO VỀ VIỆC KHÔNG GIẢI QUYẾT HỒ SƠ' },
    apology: { number: '04', title: 'PHIẾU XIN LỖI VÀ HẸN LẠI NGÀY TRẢ KẾT QUẢ' },
    'control-sheet': { number: '05', title: 'PHIẾU KIỂM SOÁT QUÁ TRÌNH GIẢI QUYẾT HỒ SƠ' },
    register: { number: '06', title: 'SỔ THEO DÕI HỒ SƠ' },
  },
  // Unconfirmed against the official text (see the header comment): 01–07.
  '2025': {
    receipt: { number: '01', title: 'GIẤY TIẾP NHẬN HỒ SƠ VÀ HẸN TRẢ KẾT QUẢ' },
    supplement: { number: '02', title: 'PHIẾU YÊU CẦU BỔ SUNG, HOÀN THIỆN HỒ SƠ' },
    refusal: { number: '03', title: 'PHIẾU TỪ CHỐI TIẾP NHẬN GIẢI QUYẾT HỒ SƠ' },
    // Not a numbered form: the agency's own notice (Decree 61/2018/NĐ-CP art. 19.8).
    'refusal-notice': { number: 'TB', title: 'THÔNG BÁO VỀ VIỆC KHÔNG GIẢI QUYẾT HỒ SƠ' },
    apology: { number: '04', title: 'VĂN BẢN XIN LỖI VÀ ĐỀ NGHỊ GIA HẠN THỜI GIAN GIẢI QUYẾT' },
    'stop-notice': { number: '05', title: 'THÔNG BÁO DỪNG GIẢI QUYẾT HỒ SƠ' },
    'control-sheet': { number: '06', title: 'PHIẾU KIỂM SOÁT QUÁ TRÌNH GIẢI QUYẾT HỒ SƠ' },
    register: { number: '07', title: 'SỔ THEO DÕI HỒ SƠ' },
  },
};

/** The form's number and title in a rule pack; null when the pack has no such form (stop notice in 2018). */
export function formSpec(rulePack: RulePack, kind: FormKind): FormSpec | null {
  const s = SPECS[rulePack][kind];
  return s ? { ...s, circular: CIRCULAR[rulePack] } : null;
}
