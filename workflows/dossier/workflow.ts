/**
 * The dossier workflow: one execution per dossier (workflow ID = dossier code), running the procedure version it
 * was received on (`procedureCode@procedureVersion`) to the end.
 *
 * This file only wires: handlers delegate to transitions.ts after rules.ts allowed them, one loop runs effects and
 * waits for the next change or deadline (one timer, re-armed only when the deadline moves). Deterministic code only:
 * time from the workflow clock, dates from holidays/, side effects from activities.
 */
import {
  ApplicationFailure,
  CancellationScope,
  allHandlersFinished,
  condition,
  isCancellation,
  log,
  patched,
  proxyActivities,
  setHandler,
  sleep,
  upsertSearchAttributes,
} from '@temporalio/workflow';
import type { DossierActivities } from '../../activities';
import { SCHEDULE_PATCHES, schedulesWithPatches } from '../../holidays';
import { procedures } from '../procedures/registry';
import type { Procedure } from '../procedures/schema';
import {
  calendarChangedSignal,
  claimStepUpdate,
  closeDossierUpdate,
  decideStepUpdate,
  getDossierQuery,
  handOverResultUpdate,
  openDossierUpdate,
  paymentConfirmedSignal,
  paymentFailedSignal,
  postalTrackingSignal,
  receiveSupplementUpdate,
  supervisorActionUpdate,
  supplementReceivedSignal,
  type Actor,
  type DossierInput,
  type DossierView,
} from '../shared/dossier';
import { CurrentDepartmentKey, DossierDueAtKey, DossierOverdueKey, DossierStatusKey } from '../shared/search-attributes';
import { statutoryTimeFor, type StatutoryTime } from '../statutory-clock';
import { checkAction, checkDecision, checkSupervisorRequest, isFinal, type DossierAction, type Denial } from './rules';
import { isOverdue, openSteps, toView, type DossierState, type Effect, type TransitionContext } from './state';
import * as t from './transitions';

const acts = proxyActivities<DossierActivities>({
  startToCloseTimeout: '30 seconds',
  retry: { initialInterval: '1 second', maximumInterval: '1 minute', backoffCoefficient: 2 },
});

const nowIso = () => new Date(Date.now()).toISOString();

function reject(d: Denial): never {
  throw ApplicationFailure.create({ type: d.kind, message: d.message, nonRetryable: true });
}

/** One server timer for the dossier's next deadline: started when the deadline changes, never per loop turn. */
class DeadlineTimer {
  private at?: string;
  private scope?: CancellationScope;
  private pending?: Promise<void>;
  private firedAt?: string;

  /** Ensures a timer runs until `at` (or none when undefined); returns the promise that resolves when it fires. */
  arm(at: string | undefined): Promise<void> | undefined {
    if (at === this.at && (this.pending || this.firedAt === at)) return this.pending;
    this.scope?.cancel();
    this.scope = undefined;
    this.pending = undefined;
    this.at = at;
    if (at === undefined) return undefined;
    const scope = new CancellationScope({ cancellable: true });
    this.scope = scope;
    this.pending = scope
      .run(() => sleep(Math.max(1, Date.parse(at) - Date.now())))
      .then(
        () => {
          if (this.at === at) {
            this.firedAt = at;
            this.pending = undefined;
          }
        },
        (err) => {
          if (!isCancellation(err)) throw err;
        },
      );
    return this.pending;
  }

  fired(at: string | undefined): boolean {
    return at !== undefined && this.firedAt === at;
  }
}

class DossierRun {
  private readonly def: Procedure;
  private time: StatutoryTime;
  /** National schedule patches this dossier computes with (those shipped before it started, and any applied since). */
  private schedulePatchIds: string[];
  private readonly s: DossierState;
  private flushedSeq = 0;
  /** Effects started and not finished. */
  private inFlight = 0;
  private lastSearchAttributes = '';
  private readonly timer = new DeadlineTimer();

  constructor(private readonly input: DossierInput) {
    const def = input.procedureVersion !== undefined ? procedures.version(input.procedureCode, input.procedureVersion) : undefined;
    if (!def) {
      throw ApplicationFailure.nonRetryable(`Không có thủ tục ${input.procedureCode}@${input.procedureVersion} (unknown procedure version)`, 'UnknownProcedure');
    }
    this.def = def;
    // National data shipped after this dossier started never changes its dates by itself (schedule patches): only an
    // admin's calendarChanged signal, recorded in the history, does.
    this.schedulePatchIds = SCHEDULE_PATCHES.filter((p) => patched(p.patchId)).map((p) => p.patchId);
    this.time = statutoryTimeFor(input.calendarOverlay, schedulesWithPatches(this.schedulePatchIds));
    // Reception's transition runs inside the first workflow task: the first stage is active before the API answers.
    this.s = t.openDossier(input, this.ctx());
  }

  private ctx(): TransitionContext {
    return { def: this.def, time: this.time, now: nowIso() };
  }

  private view(): DossierView {
    return toView(this.s, this.ctx());
  }

  // ---------------------------------------------------------------- handlers

  /** Refuses an action the rules table does not allow this actor now. */
  private allow(action: DossierAction, actor: Actor, stepId?: string) {
    const d = checkAction(action, { view: this.s, def: this.def, actor, stepId });
    if (d) reject(d);
  }

  /** Applies a transition from a handler; the update answers once its events are in the read model. */
  private async apply(change: (ctx: TransitionContext) => void): Promise<DossierView> {
    change(this.ctx());
    const mine = this.s.eventCount;
    await condition(() => this.flushedSeq >= mine);
    return this.view();
  }

  private registerHandlers() {
    const s = this.s;
    setHandler(getDossierQuery, () => this.view());
    setHandler(openDossierUpdate, () => this.apply(() => {}));

    setHandler(claimStepUpdate, (r) => this.apply((c) => t.claim(s, r, c)), { validator: (r) => this.allow('claim', r.actor, r.stepId) });
    setHandler(decideStepUpdate, (r) => this.apply((c) => t.decide(s, r, c)), {
      validator: (r) => {
        this.allow('decide', r.actor, r.stepId);
        const d = checkDecision(s, this.def, r, s.stageIndex);
        if (d) reject(d);
      },
    });
    setHandler(supervisorActionUpdate, (r) => this.apply((c) => t.supervisorAction(s, r, c)), {
      validator: (r) => {
        this.allow(r.action, r.actor, 'stepId' in r ? r.stepId : undefined);
        const d = checkSupervisorRequest(s, r);
        if (d) reject(d);
      },
    });
    setHandler(receiveSupplementUpdate, (r) => this.apply((c) => t.receiveSupplement(s, r, c)), {
      validator: (r) => this.allow('receive-supplement', { userId: r.receivedBy, roles: ['reception'], departments: [this.def.receptionUnit] }),
    });
    setHandler(handOverResultUpdate, (r) => this.apply((c) => t.handOver(s, r, c)), { validator: (r) => this.allow('hand-over', r.actor) });
    setHandler(closeDossierUpdate, (r) => this.apply((c) => t.closeOnRequest(s, r, c)), {
      validator: (r) => {
        this.allow(r.kind === 'withdraw' ? 'withdraw' : 'stop', r.actor);
        if (!r.reason?.trim()) reject({ kind: 'Invalid', message: 'Cần nêu lý do (a reason is required)' });
      },
    });

    // External callbacks: signals, applied only when they make sense now (a replayed or stale one changes nothing).
    setHandler(supplementReceivedSignal, (r) => {
      if (s.status === 'SUPPLEMENT_REQUESTED') t.receiveSupplement(s, r, this.ctx());
      else log.warn('Supplement signal ignored: none awaited', { code: s.code });
    });
    setHandler(paymentConfirmedSignal, (p) => {
      if (!t.paymentConfirmed(s, p, this.ctx())) log.warn('Payment notice ignored', { code: s.code, txnRef: p.txnRef });
    });
    setHandler(paymentFailedSignal, (f) => t.paymentFailed(s, f, this.ctx()));
    setHandler(postalTrackingSignal, (n) => {
      t.postalTracking(s, n, this.ctx());
    });
    setHandler(calendarChangedSignal, (c) => {
      if (isFinal(s.status)) return;
      const patchIds = [...new Set([...this.schedulePatchIds, ...c.patchIds.filter((id) => SCHEDULE_PATCHES.some((p) => p.patchId === id))])];
      const next = statutoryTimeFor(c.overlay, schedulesWithPatches(patchIds));
      if (next.version === this.time.version) return; // already on this calendar
      this.time = next;
      this.schedulePatchIds = patchIds;
      t.calendarChanged(s, c, patchIds, this.ctx());
    });
  }

  // ---------------------------------------------------------------- effects

  /**
   * Projects new events (so staff see them at once) and starts the queued effects without waiting for them: a slow
   * PDF or a payment gateway never holds up the next decision. Effects record what they did as events, which the
   * loop projects when they arrive.
   */
  private async pump(): Promise<void> {
    const s = this.s;
    while (s.unflushed.length) await this.project();
    for (const e of s.effects.splice(0)) {
      this.inFlight++;
      void this.runEffect(e).finally(() => this.inFlight--);
    }
    this.refreshSearchAttributes();
  }

  private async project() {
    const events = this.s.unflushed.splice(0);
    const upTo = events[events.length - 1].seq;
    try {
      await acts.recordDossierTransition({ view: this.view(), events });
    } catch (err) {
      // A permanent failure (the activity classifies bad data as non-retryable) must not stop the dossier: it stays
      // in the history and the next projection carries the current view.
      log.error('Read-model projection failed', { code: this.s.code, upTo, error: (err as Error).message });
    }
    this.flushedSeq = upTo;
  }

  private async runEffect(e: Effect) {
    const s = this.s;
    const base = { dossierCode: s.code, params: { code: s.code, procedure: s.procedure.name } };
    try {
      switch (e.kind) {
        case 'notify-citizen':
          await acts.notify({
            key: `${s.code}:${e.event}:citizen:${e.template}`,
            dossierCode: s.code,
            audience: 'citizen',
            recipient: { name: s.applicant.fullName, phone: s.applicant.phone, email: s.applicant.email },
            template: e.template,
            params: { ...base.params, ...e.params },
          });
          return;
        case 'notify-staff':
          await acts.notify({
            key: `${s.code}:${e.event}:${e.audience}:${e.unit}:${e.template}`,
            dossierCode: s.code,
            audience: e.audience,
            recipient: { unit: e.unit },
            template: e.template,
            params: { ...base.params, ...e.params },
          });
          return;
        case 'issue-document': {
          const a = s.applicant;
          const doc = await acts.issueDocument({
            ...e.form,
            key: `${s.code}:${e.event}:${e.form.kind}`,
            rulePack: this.def.rulePack,
            issuedAt: nowIso(),
            dossierCode: s.code,
            applicant: { name: a.fullName, idNumber: a.idNumber, address: a.address, phone: a.phone, email: a.email },
            procedure: { code: this.def.code, name: this.def.name },
          } as Parameters<DossierActivities['issueDocument']>[0]);
          t.documentIssued(s, e.event, e.form.kind, doc, this.ctx());
          return;
        }
        case 'request-payment': {
          const order = await acts.requestPayment({
            dossierCode: s.code,
            fees: s.fees.lines.filter((l) => l.amountVnd > 0).map((l) => ({ code: l.code, name: l.name, amountVnd: l.amountVnd })),
            applicant: { fullName: s.applicant.fullName },
            attempt: e.attempt,
          });
          t.paymentRequested(s, order, e.attempt, this.ctx());
          return;
        }
        case 'postal-order': {
          const order = await acts.createPostalOrder({ dossierCode: s.code, kind: e.purpose, recipient: s.applicant });
          t.postalOrderCreated(s, e.purpose, order, this.ctx());
          return;
        }
      }
    } catch (err) {
      // Only non-retryable failures reach here (bad input to a document, a refused order): record them for staff and
      // go on, so one broken side effect never leaves the dossier stuck.
      log.error('Side effect failed', { code: s.code, effect: e.kind, error: (err as Error).message });
    }
  }

  private refreshSearchAttributes() {
    if (this.input.searchAttributes === false) return;
    const s = this.s;
    const values = { status: s.status, department: openSteps(s)[0]?.department ?? null, dueAt: s.dueAt, overdue: isOverdue(s, nowIso()) };
    const key = JSON.stringify(values);
    if (key === this.lastSearchAttributes) return; // upsert only on change
    this.lastSearchAttributes = key;
    upsertSearchAttributes([
      { key: DossierStatusKey, value: values.status },
      { key: CurrentDepartmentKey, value: values.department },
      { key: DossierDueAtKey, value: new Date(values.dueAt) },
      { key: DossierOverdueKey, value: values.overdue },
    ]);
  }

  // ---------------------------------------------------------------- the loop

  /** The next instant something is due by itself: a step deadline, the end of a supplementation or payment window. */
  private nextWake(): string | undefined {
    const s = this.s;
    switch (s.status) {
      case 'PROCESSING':
        return t.nextDeadline(s, this.ctx());
      case 'SUPPLEMENT_REQUESTED':
        return s.supplementRequests[s.supplementRequests.length - 1]?.deadline || undefined;
      case 'AWAITING_PAYMENT':
        return s.fees.paidAt ? undefined : s.fees.deadline;
      default:
        return undefined;
    }
  }

  private onDeadline(c: TransitionContext) {
    const s = this.s;
    if (s.status === 'PROCESSING') t.deadlinesPassed(s, c);
    else if (s.status === 'SUPPLEMENT_REQUESTED') t.supplementWindowClosed(s, c);
    else if (s.status === 'AWAITING_PAYMENT' && !s.fees.paidAt) t.paymentWindowClosed(s, c);
  }

  async run(): Promise<DossierView> {
    const s = this.s;
    this.registerHandlers();
    log.info('Dossier opened', { code: s.code, procedure: `${this.def.code}@${this.def.version}`, status: s.status, requestId: this.input.requestId });
    for (;;) {
      await this.pump();
      if (isFinal(s.status)) break;
      const c = this.ctx();
      // Progress that needs no waiting.
      if (s.status === 'PROCESSING' && t.advance(s, c) === 'done') {
        if (s.fees.totalVnd > 0 && !s.fees.paidAt) t.awaitPayment(s, c);
        else t.resultReady(s, c);
        continue;
      }
      if (s.status === 'AWAITING_PAYMENT' && s.fees.paidAt) {
        t.endPaymentWait(s, c);
        t.resultReady(s, c);
        continue;
      }
      if (s.unflushed.length || s.effects.length) continue;
      // Wait for a handler to change something, or for the next deadline.
      const at = this.nextWake();
      const fired = this.timer.arm(at);
      const changed = () => s.unflushed.length > 0 || s.effects.length > 0;
      await (fired ? Promise.race([condition(changed), fired]) : condition(changed));
      if (!changed() && this.timer.fired(at)) this.onDeadline(this.ctx());
    }
    this.timer.arm(undefined);
    // The last effects (letters, messages) finish and are projected before the workflow completes.
    for (;;) {
      await condition(() => this.inFlight === 0 || s.unflushed.length > 0);
      await this.pump();
      if (this.inFlight === 0 && !s.unflushed.length && !s.effects.length) break;
    }
    await condition(allHandlersFinished);
    return this.view();
  }
}

/** Temporal workflow type `dossier`: every procedure version, chosen by the input. */
export async function dossier(input: DossierInput): Promise<DossierView> {
  return new DossierRun(input).run();
}
