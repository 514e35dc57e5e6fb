/** Helpers shared by the API tests: polling, receiving a dossier through the routes, tokens for each role. */
import type { Role } from '../workflows/shared/dossier';
import { call, type TestStack } from './harness';
import { issueDocument } from '../activities/issue-document';
import { nowIso } from '../activities/clock';

export async function waitFor<T>(fn: () => Promise<T | undefined>, timeoutMs = 20_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = await fn();
    if (v !== undefined) return v;
    if (Date.now() > deadline) throw new Error('timed out waiting');
    await new Promise((r) => setTimeout(r, 200));
  }
}

export const applicant = { fullName: 'Trần Văn Bình', phone: '0987654321', idNumber: '001190054321' };

export interface RoleTokens {
  reception: string;
  officer: string;
  head: string;
  supervisor: string;
  auditor: string;
  admin: string;
}

export async function roleTokens(stack: TestStack): Promise<RoleTokens> {
  const t = (id: string, roles: Role[], departments: string[] = []) => stack.token({ id, roles, departments });
  return {
    reception: await t('tn01', ['reception'], ['MOT-CUA']),
    officer: await t('tp01', ['officer'], ['UBND-XA-TU-PHAP']),
    head: await t('tp-lead', ['head'], ['UBND-XA-TU-PHAP']),
    supervisor: await t('gs01', ['supervisor']),
    auditor: await t('tt01', ['auditor']),
    admin: await t('qt01', ['admin']),
  };
}

/** Receives a certified-copy dossier (same day, one step at UBND-XA-TU-PHAP) and waits for the read model. */
export async function receiveCertifiedCopy(stack: TestStack, reception: string, reader: string, who = applicant): Promise<string> {
  const created = await call(stack, 'POST', '/api/dossiers', {
    token: reception,
    body: { procedureCode: '2.000815', feeFacts: { pages: 1 }, channel: 'counter', applicant: who },
  });
  if (created.status !== 201) throw new Error(`receive failed: ${created.status} ${JSON.stringify(created.body)}`);
  const code: string = created.body.code;
  // Processing, and reception's side effects recorded (receipt issued, fee link sent): later changes are the test's own.
  await waitFor(async () => {
    const r = await call(stack, 'GET', `/api/dossiers/${code}`, { token: reader });
    const types: string[] = (r.body?.events ?? []).map((e: { type: string }) => e.type);
    return r.status === 200 && r.body.status === 'PROCESSING' && types.includes('DOCUMENT_ISSUED') && types.includes('PAYMENT_REQUESTED') ? r : undefined;
  });
  return code;
}

/** Waits for the dossier's read-model status. */
export async function waitForStatus(stack: TestStack, code: string, token: string, status: string) {
  return waitFor(async () => {
    const r = await call(stack, 'GET', `/api/dossiers/${code}`, { token });
    return r.body?.status === status ? r : undefined;
  });
}

let ipCounter = 0;
/** A fresh client address per public call, so the per-IP limiter doesn't interfere across tests. */
export const freshIp = () => ({ 'X-Forwarded-For': `198.51.100.${(ipCounter++ % 250) + 1}` });

/**
 * Stores an apology letter (Form 04) for a dossier as the workflow's documents activity would, without waiting the
 * working days it takes a dossier to fall late on the dev server (the overdue path itself is covered on the
 * time-skipping server in workflows-lifecycle.test.ts). Returns the stored document's id and hash.
 */
export async function issueApologyLetter(stack: TestStack, code: string, token: string) {
  const view = (await call(stack, 'GET', `/api/dossiers/${code}`, { token })).body;
  const newDue = new Date(Date.parse(view.dueAt) + 24 * 3_600_000).toISOString();
  return issueDocument(stack.database.db, { agency: { name: 'TRUNG TÂM PHỤC VỤ HÀNH CHÍNH CÔNG', place: 'Hà Nội' }, lookupUrl: `${stack.apiUrl}/tra-cuu` }, {
    key: `${code}:test-apology:apology`,
    kind: 'apology',
    rulePack: view.rulePack,
    issuedAt: nowIso(),
    dossierCode: code,
    applicant: { name: view.applicant.fullName },
    procedure: { code: view.procedureCode, name: view.procedureName },
    receivedAt: view.receivedAt,
    originalAppointmentAt: view.dueAt,
    newAppointmentAt: newDue,
    faultAgency: 'UBND-XA-TU-PHAP',
    delayReason: 'Bước "Chứng thực" do UBND-XA-TU-PHAP thực hiện đã quá hạn',
    signer: { title: 'THỦ TRƯỞNG CƠ QUAN', name: 'Thủ trưởng UBND-XA-TU-PHAP' },
  });
}
