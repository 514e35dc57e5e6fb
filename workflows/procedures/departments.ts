/**
 * The department catalogue (danh mục đơn vị): every unit a procedure step, a user or a document may name. One list
 * for the whole system: procedure validation refuses an unknown code, the API and the documents show the names.
 * Pure data: imported by workflow code (codes only are recorded in histories; names are read at display time).
 */

/** Đơn vị: a department, office or agency taking part in one-stop handling. */
export interface Department {
  code: string;
  /** Full Vietnamese name, as on a letterhead. */
  name: string;
  /** The agency the unit belongs to (cơ quan chủ quản), the first line of its letterhead. */
  parent: string;
  /** A one-stop unit receives and returns; the others handle steps. */
  kind: 'one-stop' | 'department' | 'agency';
}

const DEPARTMENTS: readonly Department[] = [
  { code: 'MOT-CUA', name: 'Bộ phận Một cửa', parent: 'Trung tâm Phục vụ hành chính công', kind: 'one-stop' },
  { code: 'PHONG-DKKD', name: 'Phòng Đăng ký kinh doanh', parent: 'Sở Tài chính', kind: 'department' },
  { code: 'UBND-XA-HO-TICH', name: 'UBND xã — bộ phận Hộ tịch', parent: 'Ủy ban nhân dân xã', kind: 'department' },
  { code: 'UBND-XA-TU-PHAP', name: 'UBND xã — bộ phận Tư pháp', parent: 'Ủy ban nhân dân xã', kind: 'department' },
  { code: 'CONG-AN-XA', name: 'Công an xã', parent: 'Công an tỉnh', kind: 'agency' },
  { code: 'BHXH-KHU-VUC', name: 'Bảo hiểm xã hội khu vực', parent: 'Bảo hiểm xã hội tỉnh', kind: 'agency' },
  { code: 'PHONG-KINH-TE-HA-TANG', name: 'Phòng Kinh tế, Hạ tầng và Đô thị', parent: 'Ủy ban nhân dân xã', kind: 'department' },
  { code: 'CANH-SAT-PCCC', name: 'Phòng Cảnh sát PCCC và CNCH', parent: 'Công an tỉnh', kind: 'agency' },
  { code: 'PHONG-QUY-HOACH', name: 'Phòng Quy hoạch', parent: 'Sở Xây dựng', kind: 'department' },
  { code: 'VPDK-DAT-DAI', name: 'Văn phòng Đăng ký đất đai', parent: 'Sở Nông nghiệp và Môi trường', kind: 'agency' },
  { code: 'THUE-CO-SO', name: 'Thuế cơ sở', parent: 'Thuế tỉnh', kind: 'agency' },
];

export const departmentCatalogue: ReadonlyMap<string, Department> = new Map(DEPARTMENTS.map((d) => [d.code, d]));

export const listDepartmentCatalogue = (): readonly Department[] => DEPARTMENTS;

/** The unit's name, or its code when the catalogue does not know it (legacy data). */
export const departmentName = (code: string): string => departmentCatalogue.get(code)?.name ?? code;
