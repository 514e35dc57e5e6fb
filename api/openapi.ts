/**
 * OpenAPI 3.1 document generated from the zod schemas the routes validate with (nothing described twice), served at
 * `/openapi.json`, and a self-contained docs page at `/docs` (no CDN). Each operation names its roles in `x-roles`.
 */
import { OpenAPIRegistry, OpenApiGeneratorV31, type RouteConfig } from '@asteasolutions/zod-to-openapi';
import { Router } from 'express';
import { z } from 'zod';
import { postalWebhookSchema } from '../activities/postal/carrier';
import { DOSSIER_STATUSES } from '../workflows/shared/dossier';
import { docsPage } from './docs-page';
import { applyCalendarBody, applyCalendarResponse, calendarResponse, calendarRevisionsResponse, departmentsResponse, proceduresResponse, replaceLocalCalendarBody, workersResponse } from './routes/admin';
import {
  auditLogQuery,
  auditLogResponse,
  auditVerifyResponse,
  controlSheetResponse,
  dossierCodeParams,
  replayResponse,
  timelineResponse,
} from './routes/auditor';
import {
  citizenAcceptedResponse,
  citizenCodeParams,
  citizenLookupBody,
  citizenLookupResponse as citizenLookup,
  citizenSupplementBody,
  citizenDocumentParams,
  citizenSecretBody,
  citizenSurveyBody,
} from './routes/citizen';
import * as dossierBodies from './routes/dossiers';
import { documentListParams, documentListResponse, documentParams, registerQuery } from './routes/documents';
import { inboxQuery, inboxResponse } from './routes/inbox';
import { staffProceduresResponse } from './routes/procedures';
import { dossierListQuery, dossierListResponse as supervisorDossierList, readyQuery, statsQuery, statsResponse, stuckQuery } from './routes/supervisor';
import type { Role } from '../workflows/shared/dossier';

export const problemSchema = z
  .object({
    type: z.string().describe('English slug, e.g. /problems/validation-error'),
    title: z.string().describe('Tiêu đề tiếng Việt'),
    status: z.number().int(),
    detail: z.string().optional(),
    instance: z.string().optional(),
    errors: z.array(z.object({ path: z.string(), message: z.string() })).optional(),
  })
  .loose();

/** The dossier state returned by the query and by every update (DossierView in workflows/shared/dossier.ts). */
const dossierViewSchema = z
  .object({
    code: z.string(),
    procedureCode: z.string(),
    procedureName: z.string(),
    status: z.enum(Object.keys(DOSSIER_STATUSES) as [string, ...string[]]),
    statusLabel: z.string(),
    receivedAt: z.string(),
    dueAt: z.string(),
    overdue: z.boolean(),
    lastEventSeq: z.number(),
  })
  .loose();

/** Components by name: zod 4 `.meta({ id })` on the very schemas the routes validate with (ids are global: once). */
const named = <T extends z.ZodType>(id: string, schema: T): T => schema.meta({ id }) as T;
const Problem = named('Problem', problemSchema);
const DossierView = named('DossierView', dossierViewSchema);
const receiveDossierBody = named('ReceiveDossierBody', dossierBodies.receiveDossierBody);
const stepDecisionBody = named('StepDecisionBody', dossierBodies.stepDecisionBody);
const supervisorActionBody = named('SupervisorActionBody', dossierBodies.supervisorActionBody);
const reasonBody = named('ReasonBody', dossierBodies.reasonBody);
const noteBody = named('NoteBody', dossierBodies.noteBody);
const dossierListResponse = named('DossierListResponse', supervisorDossierList);
const citizenLookupResponse = named('CitizenLookupResponse', citizenLookup);

const stepParams = dossierCodeParams.extend({ stepId: z.string().min(1).max(100) });
const healthResponse = z.object({ status: z.enum(['ok', 'degraded']), ok: z.boolean() }).loose();

const STAFF: Role[] = ['reception', 'officer', 'head', 'supervisor', 'auditor', 'admin'];

interface Operation {
  method: RouteConfig['method'];
  path: string;
  summary: string;
  tag: string;
  /** Roles allowed; `public` = no bearer token (citizen, callbacks with their own signature). */
  roles: Role[] | 'public';
  params?: z.ZodObject;
  query?: z.ZodObject;
  body?: z.ZodType;
  ok: { status: number; schema: z.ZodType; description?: string; contentType?: string };
  /** Extra error statuses beyond the defaults (400 validation; 401/403 when authenticated). */
  errors?: number[];
}

const ERROR_TEXT: Record<number, string> = {
  400: 'Dữ liệu không hợp lệ (validation-error)',
  401: 'Chưa xác thực (unauthorized)',
  403: 'Không có quyền (forbidden)',
  404: 'Không tìm thấy (not-found)',
  409: 'Xung đột trạng thái (state-conflict)',
  422: 'Yêu cầu không hợp lệ (unprocessable)',
  429: 'Quá nhiều yêu cầu (too-many-requests), kèm Retry-After',
  503: 'Dịch vụ tạm thời không sẵn sàng (service-unavailable)',
};

const dossierUpdate = (path: string, summary: string, roles: Role[], body: z.ZodType | undefined, params: z.ZodObject = dossierCodeParams): Operation => ({
  method: 'post',
  path,
  summary,
  tag: 'Hồ sơ',
  roles,
  params,
  body,
  ok: { status: 200, schema: DossierView, description: 'Trạng thái mới của hồ sơ' },
  errors: [404, 409, 422, 503],
});

/** Every route of the API: the single list the document is generated from. */
export const OPERATIONS: Operation[] = [
  { method: 'get', path: '/healthz', summary: 'Tình trạng CSDL, Temporal và worker', tag: 'Hệ thống', roles: 'public', ok: { status: 200, schema: healthResponse } },
  {
    method: 'post', path: '/api/dossiers', summary: 'Tiếp nhận hồ sơ (Form 01)', tag: 'Hồ sơ', roles: ['reception'], body: receiveDossierBody,
    ok: { status: 201, schema: z.object({ code: z.string(), procedureCode: z.string(), status: z.string() }) }, errors: [409, 422, 503],
  },
  {
    method: 'get', path: '/api/dossiers/{code}', summary: 'Xem hồ sơ (read model, có sự kiện và phiếu kiểm soát)', tag: 'Hồ sơ', roles: STAFF,
    params: dossierCodeParams, ok: { status: 200, schema: DossierView }, errors: [404],
  },
  dossierUpdate('/api/dossiers/{code}/steps/{stepId}/decision', 'Quyết định xử lý một bước', ['officer', 'head'], stepDecisionBody, stepParams),
  dossierUpdate('/api/dossiers/{code}/steps/{stepId}/claim', 'Nhận xử lý một bước', ['officer', 'head'], undefined, stepParams),
  dossierUpdate('/api/dossiers/{code}/supervisor-actions', 'Thao tác giám sát (chuyển, gia hạn, ghi chú, báo cáo)', ['supervisor', 'head'], supervisorActionBody),
  dossierUpdate('/api/dossiers/{code}/supplement', 'Tiếp nhận hồ sơ bổ sung tại quầy', ['reception'], noteBody),
  dossierUpdate('/api/dossiers/{code}/hand-over', 'Trả kết quả tại quầy', ['reception'], noteBody),
  dossierUpdate('/api/dossiers/{code}/withdraw', 'Công dân rút hồ sơ', ['reception'], reasonBody),
  dossierUpdate('/api/dossiers/{code}/stop', 'Dừng xử lý hồ sơ', ['head', 'supervisor'], reasonBody),
  {
    method: 'get', path: '/api/payments/vnpay/ipn', summary: 'VNPay IPN (ký HMAC-SHA512, máy chủ tới máy chủ)', tag: 'Dịch vụ ngoài', roles: 'public',
    ok: { status: 200, schema: z.object({ RspCode: z.string(), Message: z.string() }) },
  },
  {
    method: 'get', path: '/api/payments/vnpay/return', summary: 'Trang kết quả thanh toán cho công dân', tag: 'Dịch vụ ngoài', roles: 'public',
    ok: { status: 200, schema: z.string(), contentType: 'text/html' },
  },
  {
    method: 'post', path: '/api/postal/webhook', summary: 'Webhook hành trình bưu chính (ký HMAC)', tag: 'Dịch vụ ngoài', roles: 'public', body: postalWebhookSchema,
    ok: { status: 200, schema: z.object({}).loose() }, errors: [401, 404, 422],
  },
  // Citizen
  {
    method: 'post', path: '/api/public/lookup', summary: 'Công dân tra cứu hồ sơ (mã hồ sơ + 4 số cuối điện thoại)', tag: 'Công dân', roles: 'public',
    body: citizenLookupBody, ok: { status: 200, schema: citizenLookupResponse }, errors: [404, 429],
  },
  {
    method: 'post', path: '/api/public/dossiers/{code}/survey', summary: 'Đánh giá mức độ hài lòng (một lần mỗi hồ sơ)', tag: 'Công dân', roles: 'public',
    params: citizenCodeParams, body: citizenSurveyBody, ok: { status: 201, schema: citizenAcceptedResponse }, errors: [404, 409, 429],
  },
  {
    method: 'post', path: '/api/public/dossiers/{code}/documents/{id}', summary: 'Công dân tải văn bản của hồ sơ (giấy hẹn, phiếu bổ sung, xin lỗi…)', tag: 'Công dân', roles: 'public',
    params: citizenDocumentParams, body: citizenSecretBody, ok: { status: 200, schema: z.string().describe('PDF'), contentType: 'application/pdf' }, errors: [404, 429],
  },
  {
    method: 'post', path: '/api/public/dossiers/{code}/supplement', summary: 'Công dân báo đã bổ sung giấy tờ (trực tuyến)', tag: 'Công dân', roles: 'public',
    params: citizenCodeParams, body: citizenSupplementBody, ok: { status: 202, schema: citizenAcceptedResponse }, errors: [404, 409, 429, 503],
  },
  {
    method: 'get', path: '/api/procedures', summary: 'Danh mục thủ tục cho cán bộ (kênh, giấy tờ, phí, lệ phí, các bước)', tag: 'Hồ sơ', roles: STAFF,
    ok: { status: 200, schema: staffProceduresResponse },
  },
  // Officer
  {
    method: 'get', path: '/api/inbox', summary: 'Hộp việc: các bước đang giao cho phòng của cán bộ', tag: 'Cán bộ', roles: ['officer', 'head'],
    query: inboxQuery, ok: { status: 200, schema: inboxResponse },
  },
  // Supervisor
  ...(
    [
      ['/api/supervisor/dossiers', 'Danh sách hồ sơ (lọc, phân trang)', dossierListQuery],
      ['/api/supervisor/near-due', 'Hồ sơ sắp đến hạn (còn ≤ 1 ngày làm việc)', dossierListQuery],
      ['/api/supervisor/overdue', 'Hồ sơ quá hạn', dossierListQuery],
      ['/api/supervisor/stuck', 'Hồ sơ không có thao tác trong N giờ làm việc', stuckQuery],
    ] as const
  ).map(([path, summary, query]): Operation => ({
    method: 'get', path, summary, tag: 'Giám sát', roles: ['supervisor'], query, ok: { status: 200, schema: dossierListResponse },
  })),
  {
    method: 'get', path: '/api/reception/ready', summary: 'Hồ sơ đã có kết quả, chờ trả tại quầy hoặc trực tuyến (hẹn sớm trước)', tag: 'Hồ sơ',
    roles: ['reception'], query: readyQuery, ok: { status: 200, schema: dossierListResponse },
  },
  {
    method: 'get', path: '/api/supervisor/stats', summary: 'Thống kê theo phòng: sớm / đúng hạn / trễ hạn', tag: 'Giám sát', roles: ['supervisor'],
    query: statsQuery, ok: { status: 200, schema: statsResponse },
  },
  // Auditor
  {
    method: 'get', path: '/api/dossiers/{code}/timeline', summary: 'Dòng thời gian: lịch sử Temporal và sự kiện hồ sơ', tag: 'Thanh tra', roles: ['auditor'],
    params: dossierCodeParams, ok: { status: 200, schema: timelineResponse }, errors: [404, 503],
  },
  {
    method: 'get', path: '/api/dossiers/{code}/control-sheet', summary: 'Phiếu kiểm soát quá trình giải quyết hồ sơ', tag: 'Thanh tra', roles: ['auditor'],
    params: dossierCodeParams, ok: { status: 200, schema: controlSheetResponse }, errors: [404],
  },
  {
    method: 'get', path: '/api/dossiers/{code}/documents', summary: 'Văn bản đã phát hành của hồ sơ (giấy tiếp nhận, phiếu bổ sung, xin lỗi…)', tag: 'Hồ sơ',
    roles: ['reception', 'officer', 'head', 'supervisor', 'auditor'], params: documentListParams, ok: { status: 200, schema: documentListResponse },
  },
  {
    method: 'get', path: '/api/dossiers/{code}/documents/{id}', summary: 'Tải văn bản (PDF); mã băm SHA-256 trong X-Content-SHA256', tag: 'Hồ sơ',
    roles: ['reception', 'officer', 'head', 'supervisor', 'auditor'], params: documentParams,
    ok: { status: 200, schema: z.string().describe('PDF'), contentType: 'application/pdf' }, errors: [404],
  },
  {
    method: 'get', path: '/api/dossiers/{code}/control-sheet.pdf', summary: 'Phiếu kiểm soát quá trình giải quyết hồ sơ (PDF, theo thời điểm hiện tại)', tag: 'Hồ sơ',
    roles: ['reception', 'supervisor', 'auditor'], params: documentListParams,
    ok: { status: 200, schema: z.string().describe('PDF'), contentType: 'application/pdf' }, errors: [404, 409],
  },
  {
    method: 'get', path: '/api/register.pdf', summary: 'Sổ theo dõi hồ sơ (PDF): hồ sơ tiếp nhận trong kỳ, lọc theo phòng, thủ tục', tag: 'Hồ sơ',
    roles: ['reception', 'supervisor', 'auditor'], query: registerQuery,
    ok: { status: 200, schema: z.string().describe('PDF'), contentType: 'application/pdf' }, errors: [422],
  },
  {
    method: 'post', path: '/api/dossiers/{code}/replay', summary: 'Chạy lại lịch sử với mã quy trình hiện tại (kiểm tra tính tất định)', tag: 'Thanh tra',
    roles: ['auditor'], params: dossierCodeParams, ok: { status: 200, schema: replayResponse }, errors: [404, 503],
  },
  {
    method: 'get', path: '/api/audit-log', summary: 'Nhật ký kiểm toán (chuỗi băm)', tag: 'Thanh tra', roles: ['auditor'],
    query: auditLogQuery, ok: { status: 200, schema: auditLogResponse },
  },
  {
    method: 'get', path: '/api/audit-log/verify', summary: 'Kiểm tra chuỗi băm của nhật ký kiểm toán', tag: 'Thanh tra', roles: ['auditor'],
    ok: { status: 200, schema: auditVerifyResponse },
  },
  // Admin
  { method: 'get', path: '/api/admin/procedures', summary: 'Danh mục thủ tục', tag: 'Quản trị', roles: ['admin'], ok: { status: 200, schema: proceduresResponse } },
  { method: 'get', path: '/api/admin/departments', summary: 'Danh mục phòng, cơ quan', tag: 'Quản trị', roles: ['admin'], ok: { status: 200, schema: departmentsResponse } },
  { method: 'get', path: '/api/admin/calendar', summary: 'Lịch làm việc đang áp dụng (quốc gia + lịch địa phương)', tag: 'Quản trị', roles: ['admin'], ok: { status: 200, schema: calendarResponse } },
  {
    method: 'put', path: '/api/admin/calendar/local', summary: 'Thay lịch làm việc địa phương (ngày nghỉ, ngày làm bù, giờ làm việc); áp dụng cho hồ sơ tiếp nhận từ nay',
    tag: 'Quản trị', roles: ['admin'], body: replaceLocalCalendarBody, ok: { status: 200, schema: calendarResponse }, errors: [422],
  },
  {
    method: 'post', path: '/api/admin/calendar/apply-to-running', summary: 'Áp dụng lịch làm việc hiện hành cho các hồ sơ đang giải quyết (tính lại hạn, báo công dân nếu đổi ngày hẹn)',
    tag: 'Quản trị', roles: ['admin'], body: applyCalendarBody, ok: { status: 200, schema: applyCalendarResponse },
  },
  { method: 'get', path: '/api/admin/calendar/revisions', summary: 'Lịch sử các lần thay lịch địa phương', tag: 'Quản trị', roles: ['admin'], ok: { status: 200, schema: calendarRevisionsResponse } },
  { method: 'get', path: '/api/admin/workers', summary: 'Hàng đợi và worker phục vụ các thủ tục', tag: 'Quản trị', roles: ['admin'], ok: { status: 200, schema: workersResponse } },
  // Documentation itself
  { method: 'get', path: '/openapi.json', summary: 'Tài liệu OpenAPI 3.1', tag: 'Hệ thống', roles: 'public', ok: { status: 200, schema: z.object({}).loose() } },
  { method: 'get', path: '/tra-cuu', summary: 'Trang tra cứu hồ sơ cho công dân (đích của mã QR trên văn bản, ?ma=<mã hồ sơ>)', tag: 'Công dân', roles: 'public', ok: { status: 200, schema: z.string(), contentType: 'text/html' } },
  { method: 'get', path: '/console', summary: 'Bảng điều khiển cán bộ (dán mã đăng nhập; hộp việc, giám sát, tiếp nhận, xem hồ sơ)', tag: 'Hệ thống', roles: 'public', ok: { status: 200, schema: z.string(), contentType: 'text/html' } },
  { method: 'get', path: '/docs', summary: 'Trang tài liệu API', tag: 'Hệ thống', roles: 'public', ok: { status: 200, schema: z.string(), contentType: 'text/html' } },
];

export function buildOpenApiDocument() {
  const registry = new OpenAPIRegistry();
  const bearer = registry.registerComponent('securitySchemes', 'bearerAuth', { type: 'http', scheme: 'bearer', bearerFormat: 'JWT' });

  for (const op of OPERATIONS) {
    const authed = op.roles !== 'public';
    const statuses = new Set<number>([...(op.params || op.query || op.body ? [400] : []), ...(authed ? [401, 403] : []), ...(op.errors ?? [])]);
    const responses: RouteConfig['responses'] = {
      [op.ok.status]: {
        description: op.ok.description ?? 'Thành công',
        content: { [op.ok.contentType ?? 'application/json']: { schema: op.ok.schema } },
      },
    };
    for (const s of [...statuses].sort()) {
      responses[s] = { description: ERROR_TEXT[s] ?? 'Lỗi', content: { 'application/problem+json': { schema: Problem } } };
    }
    registry.registerPath({
      method: op.method,
      path: op.path,
      summary: op.summary,
      tags: [op.tag],
      security: authed ? [{ [bearer.name]: [] }] : [],
      request: {
        ...(op.params ? { params: op.params } : {}),
        ...(op.query ? { query: op.query } : {}),
        ...(op.body ? { body: { content: { 'application/json': { schema: op.body } } } } : {}),
      },
      responses,
      ...({ 'x-roles': authed ? op.roles : ['public'] } as object),
    });
  }

  return new OpenApiGeneratorV31(registry.definitions).generateDocument({
    openapi: '3.1.0',
    info: {
      title: 'Một cửa liên thông — API',
      version: '0.1.0',
      description: 'API của hệ thống điều phối hồ sơ một cửa liên thông. Lỗi trả về dạng application/problem+json (RFC 9457).',
    },
    servers: [{ url: '/' }],
  });
}

export function openapiRoutes(): Router {
  const r = Router();
  let doc: ReturnType<typeof buildOpenApiDocument> | undefined;
  const get = () => (doc ??= buildOpenApiDocument());
  r.get('/openapi.json', (_req, res) => {
    res.json(get());
  });
  r.get('/docs', (_req, res) => {
    res.type('html').send(docsPage(get()));
  });
  return r;
}
