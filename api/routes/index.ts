/**
 * Routes added for issue #5, mounted by api/app.ts: public ones (citizen lookup, OpenAPI document and docs page)
 * before authentication, staff ones (supervisor, inbox, auditor, admin) behind it.
 */
import type { Client } from '@temporalio/client';
import { Router } from 'express';
import type { Db } from '../../db/client';
import { citizenPageRoutes } from '../citizen-page';
import { consolePageRoutes } from '../console-page';
import type { LocalCalendarStore } from '../local-calendar';
import type { AuditAnchor } from '../audit-anchor';
import { openapiRoutes } from '../openapi';
import { adminRoutes } from './admin';
import { auditorRoutes } from './auditor';
import { citizenRoutes } from './citizen';
import { documentRoutes } from './documents';
import { inboxRoutes } from './inbox';
import { procedureRoutes } from './procedures';
import { supervisorRoutes } from './supervisor';

export interface ExtraRouteDeps {
  db: Db;
  client: Client;
  taskQueue: string;
  /** Anchors the audit chain's head in Temporal (verification checks it). */
  auditAnchor?: AuditAnchor;
  /** The working-day calendar in force (national + the centre's local overlay). */
  calendars: LocalCalendarStore;
  /** Letterhead of documents rendered on demand (control sheet). */
  letterhead?: { agency: { name: string; place: string }; lookupUrl: string };
}

/** Mounted at the app root: `/openapi.json`, `/docs`, the citizen page `/tra-cuu`, the staff console `/console`, and `/api/public/*`. */
export function publicRoutes(deps: ExtraRouteDeps): Router {
  const r = Router();
  r.use(openapiRoutes());
  r.use(citizenPageRoutes());
  r.use(consolePageRoutes());
  r.use('/api', citizenRoutes(deps));
  return r;
}

/** Mounted inside the authenticated /api router. */
export function staffRoutes(deps: ExtraRouteDeps): Router {
  const r = Router();
  r.use(supervisorRoutes(deps));
  r.use(inboxRoutes(deps));
  r.use(auditorRoutes(deps));
  r.use(adminRoutes(deps));
  r.use(documentRoutes(deps));
  r.use(procedureRoutes());
  return r;
}
