/**
 * Departments (phòng, cơ quan) known to the centre: derived from the procedure steps, with Vietnamese names for
 * citizens and officers. A code without a name here is shown as is.
 */
import { procedures } from '../workflows/procedures';

const NAMES: Record<string, string> = {
  'MOT-CUA': 'Bộ phận Một cửa',
  'PHONG-DKKD': 'Phòng Đăng ký kinh doanh',
  'UBND-XA-HO-TICH': 'UBND xã — bộ phận Hộ tịch',
  'UBND-XA-TU-PHAP': 'UBND xã — bộ phận Tư pháp',
  'CONG-AN-XA': 'Công an xã',
  'BHXH-KHU-VUC': 'Bảo hiểm xã hội khu vực',
  'PHONG-KINH-TE-HA-TANG': 'Phòng Kinh tế, Hạ tầng và Đô thị',
  'CANH-SAT-PCCC': 'Phòng Cảnh sát PCCC và CNCH',
  'PHONG-QUY-HOACH': 'Phòng Quy hoạch',
  'VPDK-DAT-DAI': 'Văn phòng Đăng ký đất đai',
  'THUE-CO-SO': 'Thuế cơ sở',
};

export const departmentName = (code: string): string => NAMES[code] ?? code;

export interface DepartmentInfo {
  code: string;
  name: string;
  /** Procedures with at least one step in this department, and those steps. */
  procedures: Array<{ procedureCode: string; steps: Array<{ id: string; name: string; role: 'officer' | 'head' }> }>;
}

/** Every department that acts on some step, plus each procedure's reception unit. */
export function listDepartments(): DepartmentInfo[] {
  const byCode = new Map<string, DepartmentInfo>();
  const get = (code: string) => {
    let d = byCode.get(code);
    if (!d) byCode.set(code, (d = { code, name: departmentName(code), procedures: [] }));
    return d;
  };
  for (const p of procedures) {
    get(p.receptionUnit);
    for (const stage of p.stages) {
      for (const step of stage.steps) {
        const d = get(step.department);
        let entry = d.procedures.find((x) => x.procedureCode === p.code);
        if (!entry) d.procedures.push((entry = { procedureCode: p.code, steps: [] }));
        entry.steps.push({ id: step.id, name: step.name, role: step.role });
      }
    }
  }
  return [...byCode.values()].sort((a, b) => a.code.localeCompare(b.code));
}
