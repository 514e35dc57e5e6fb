/**
 * The procedure catalogue as staff need it (reception's form, the officer's decision form, the supervisor's
 * filters): code, name, channels, required papers, fees and the steps with their departments and allowed
 * decisions. Read-only; the full definition (versions, shares, workflow types) stays with `/api/admin/procedures`.
 */
import { Router } from 'express';
import { z } from 'zod';
import { procedures } from '../../workflows/procedures/registry';
import { vietnamDate } from '../../workflows/shared/format';
import { feeRuleText } from '../presentation';
import { requireRole } from '../auth';
import { departmentName } from '../departments';

export const staffProcedure = z.object({
  code: z.string(),
  name: z.string(),
  channels: z.array(z.string()).describe('Kênh tiếp nhận: counter (trực tiếp), online (trực tuyến), postal (bưu chính)'),
  duration: z.object({ unit: z.string(), amount: z.number() }).describe('Thời hạn giải quyết theo quy định'),
  requiredPapers: z.array(z.object({ code: z.string(), name: z.string(), copies: z.number() })),
  version: z.number().int().describe('Phiên bản đang áp dụng cho hồ sơ mới'),
  cases: z.array(z.object({ id: z.string(), name: z.string() })).describe('Các trường hợp (thời hạn, giấy tờ riêng); trường hợp đầu là mặc định'),
  fees: z.array(
    z.object({
      code: z.string(),
      name: z.string(),
      type: z.enum(['phi', 'le-phi']),
      due: z.enum(['filing', 'result']).describe('Thu khi nộp hồ sơ (filing) hay trước khi trả kết quả (result)'),
      amountVnd: z.number().nullable().describe('Số tiền cố định; null khi tính theo trang'),
      rule: z.string().describe('Cách tính, bằng lời'),
    }),
  ),
  stages: z
    .array(
      z.object({
        steps: z.array(
          z.object({ id: z.string(), name: z.string(), department: z.string(), departmentName: z.string(), decisions: z.array(z.string()) }),
        ),
      }),
    )
    .describe('Các giai đoạn xử lý theo thứ tự; các bước trong một giai đoạn chạy song song'),
});
export const staffProceduresResponse = z.object({ items: z.array(staffProcedure) });

export function procedureRoutes(): Router {
  const r = Router();
  r.get('/procedures', requireRole('reception', 'officer', 'head', 'supervisor', 'auditor', 'admin'), (_req, res) => {
    const body: z.infer<typeof staffProceduresResponse> = {
      items: procedures.currentAll(vietnamDate(Date.now())).map((p) => ({
        code: p.code,
        name: p.name,
        version: p.version,
        cases: p.cases.map((c) => ({ id: c.id, name: c.name })),
        channels: [...p.channels],
        duration: { ...p.duration },
        requiredPapers: p.requiredPapers.map((x) => ({ ...x })),
        fees: p.fees.map((f) => ({ code: f.code, name: f.name, type: f.type, due: f.due, amountVnd: f.kind === 'fixed' ? f.amountVnd : null, rule: feeRuleText(f) })),
        stages: p.stages.map((s) => ({
          steps: s.steps.map((st) => ({ id: st.id, name: st.name, department: st.department, departmentName: departmentName(st.department), decisions: [...st.decisions] })),
        })),
      })),
    };
    res.json(body);
  });
  return r;
}
