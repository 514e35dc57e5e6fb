/**
 * Turns a Temporal workflow history into human-readable timeline entries (Vietnamese), and merges them with the
 * read model's dossier events. Workflow-task bookkeeping is left out; updates show their name and the acting user.
 */
import type { WorkflowHandle } from '@temporalio/client';
import { defaultPayloadConverter } from '@temporalio/common';

export type History = Awaited<ReturnType<WorkflowHandle['fetchHistory']>>;
type HistoryEvent = NonNullable<History['events']>[number];
type Payloads = { payloads?: Array<unknown> | null } | null | undefined;

export interface TimelineEntry {
  at: string;
  source: 'temporal' | 'read-model';
  kind: string;
  summary: string;
  actor?: string;
  department?: string;
  /** Temporal event id or read-model event seq. */
  ref: number;
  detail?: Record<string, unknown>;
}

type LongLike = number | string | { toNumber(): number } | null | undefined;
const num = (v: LongLike): number => (v == null ? 0 : typeof v === 'object' ? v.toNumber() : Number(v));

function instant(ts: { seconds?: LongLike; nanos?: number | null } | null | undefined): string {
  if (!ts) return new Date(0).toISOString();
  return new Date(num(ts.seconds) * 1000 + Math.floor((ts.nanos ?? 0) / 1e6)).toISOString();
}

function seconds(d: { seconds?: LongLike; nanos?: number | null } | null | undefined): number {
  return d ? num(d.seconds) + (d.nanos ?? 0) / 1e9 : 0;
}

function decodeArgs(p: Payloads): unknown[] {
  try {
    return (p?.payloads ?? []).map((x) => defaultPayloadConverter.fromPayload(x as never));
  } catch {
    return [];
  }
}

function describeDuration(s: number): string {
  if (s >= 86_400) return `${Math.round((s / 86_400) * 10) / 10} ngày`;
  if (s >= 3600) return `${Math.round((s / 3600) * 10) / 10} giờ`;
  if (s >= 60) return `${Math.round(s / 60)} phút`;
  return `${s} giây`;
}

/** Who acted, from an update or signal argument (actor, receivedBy). */
function actorOf(arg: unknown): string | undefined {
  const a = arg as { actor?: { userId?: string }; receivedBy?: unknown } | undefined;
  if (a?.actor?.userId) return a.actor.userId;
  if (typeof a?.receivedBy === 'string') return a.receivedBy;
  if ((a?.receivedBy as { userId?: string })?.userId) return (a!.receivedBy as { userId: string }).userId;
  return undefined;
}

/** Non-personal fields of an update argument worth showing an auditor. */
function argDetail(arg: unknown): Record<string, unknown> {
  const a = (arg ?? {}) as Record<string, unknown>;
  const keep = ['stepId', 'decision', 'action', 'kind', 'hours', 'toDepartment', 'toOfficer', 'status', 'txnRef', 'amountVnd'];
  return Object.fromEntries(keep.filter((k) => a[k] !== undefined).map((k) => [k, a[k]]));
}

const UPDATE_NAMES: Record<string, string> = {
  decideStep: 'quyết định xử lý bước',
  claimStep: 'nhận xử lý bước',
  supervisorAction: 'thao tác giám sát',
  receiveSupplement: 'tiếp nhận hồ sơ bổ sung',
  handOverResult: 'trả kết quả',
  closeDossier: 'rút / dừng hồ sơ',
};
const SIGNAL_NAMES: Record<string, string> = {
  supplementReceived: 'công dân đã bổ sung giấy tờ',
  paymentConfirmed: 'xác nhận thanh toán',
  postalTracking: 'cập nhật hành trình bưu chính',
};

export function historyTimeline(history: History): TimelineEntry[] {
  const out: TimelineEntry[] = [];
  const activityNames = new Map<number, string>();
  const updateNames = new Map<string, string>();
  for (const e of (history.events ?? []) as HistoryEvent[]) {
    const at = instant(e.eventTime as never);
    const ref = num(e.eventId as LongLike);
    const push = (kind: string, summary: string, extra: Partial<TimelineEntry> = {}) =>
      out.push({ at, source: 'temporal', kind, summary, ref, ...extra });

    if (e.workflowExecutionStartedEventAttributes) {
      const a = e.workflowExecutionStartedEventAttributes;
      const [input] = decodeArgs(a.input as Payloads);
      push('workflow-started', `Khởi tạo quy trình ${a.workflowType?.name ?? ''} trên hàng đợi ${a.taskQueue?.name ?? ''}`.trim(), {
        actor: actorOf({ receivedBy: (input as { receivedBy?: unknown })?.receivedBy }),
        detail: { workflowType: a.workflowType?.name, procedureCode: (input as { procedureCode?: string })?.procedureCode },
      });
    } else if (e.workflowExecutionUpdateAcceptedEventAttributes) {
      const req = e.workflowExecutionUpdateAcceptedEventAttributes.acceptedRequest;
      const name = req?.input?.name ?? '?';
      updateNames.set(req?.meta?.updateId ?? '', name);
      const [arg] = decodeArgs(req?.input?.args as Payloads);
      const actor = actorOf(arg);
      push('update-accepted', `Chấp nhận yêu cầu «${name}» (${UPDATE_NAMES[name] ?? name})${actor ? ` của ${actor}` : ''}`, {
        actor,
        detail: { update: name, updateId: req?.meta?.updateId, ...argDetail(arg) },
      });
    } else if (e.workflowExecutionUpdateCompletedEventAttributes) {
      const id = e.workflowExecutionUpdateCompletedEventAttributes.meta?.updateId ?? '';
      const failed = !!e.workflowExecutionUpdateCompletedEventAttributes.outcome?.failure;
      const name = updateNames.get(id) ?? '?';
      push('update-completed', `Hoàn tất yêu cầu «${name}»${failed ? ' (thất bại)' : ''}`, { detail: { update: name, updateId: id } });
    } else if (e.workflowExecutionSignaledEventAttributes) {
      const a = e.workflowExecutionSignaledEventAttributes;
      const [arg] = decodeArgs(a.input as Payloads);
      const name = a.signalName ?? '?';
      push('signal', `Nhận tín hiệu «${name}» (${SIGNAL_NAMES[name] ?? name})`, { actor: actorOf(arg), detail: { signal: name, ...argDetail(arg) } });
    } else if (e.activityTaskScheduledEventAttributes) {
      const name = e.activityTaskScheduledEventAttributes.activityType?.name ?? '?';
      activityNames.set(ref, name);
      push('activity-scheduled', `Lên lịch tác vụ «${name}»`, { detail: { activity: name } });
    } else if (e.activityTaskCompletedEventAttributes) {
      const name = activityNames.get(num(e.activityTaskCompletedEventAttributes.scheduledEventId as LongLike)) ?? '?';
      push('activity-completed', `Tác vụ «${name}» hoàn thành`, { detail: { activity: name } });
    } else if (e.activityTaskFailedEventAttributes) {
      const name = activityNames.get(num(e.activityTaskFailedEventAttributes.scheduledEventId as LongLike)) ?? '?';
      push('activity-failed', `Tác vụ «${name}» thất bại: ${e.activityTaskFailedEventAttributes.failure?.message ?? ''}`, { detail: { activity: name } });
    } else if (e.activityTaskTimedOutEventAttributes) {
      const name = activityNames.get(num(e.activityTaskTimedOutEventAttributes.scheduledEventId as LongLike)) ?? '?';
      push('activity-timed-out', `Tác vụ «${name}» quá thời gian`, { detail: { activity: name } });
    } else if (e.timerStartedEventAttributes) {
      const s = seconds(e.timerStartedEventAttributes.startToFireTimeout as never);
      const fireAt = new Date(Date.parse(at) + s * 1000).toISOString();
      push('timer-started', `Đặt hẹn giờ ${describeDuration(s)} (đến ${fireAt})`, { detail: { timerId: e.timerStartedEventAttributes.timerId, fireAt } });
    } else if (e.timerFiredEventAttributes) {
      push('timer-fired', 'Hẹn giờ đến hạn', { detail: { timerId: e.timerFiredEventAttributes.timerId } });
    } else if (e.timerCanceledEventAttributes) {
      push('timer-canceled', 'Hủy hẹn giờ (trạng thái đã thay đổi)', { detail: { timerId: e.timerCanceledEventAttributes.timerId } });
    } else if (e.markerRecordedEventAttributes) {
      push('marker', `Ghi dấu «${e.markerRecordedEventAttributes.markerName ?? ''}» (phiên bản mã quy trình)`);
    } else if (e.workflowExecutionCompletedEventAttributes) {
      push('workflow-completed', 'Quy trình hồ sơ kết thúc');
    } else if (e.workflowExecutionFailedEventAttributes) {
      push('workflow-failed', `Quy trình thất bại: ${e.workflowExecutionFailedEventAttributes.failure?.message ?? ''}`);
    } else if (e.workflowExecutionTerminatedEventAttributes) {
      push('workflow-terminated', `Quy trình bị chấm dứt: ${e.workflowExecutionTerminatedEventAttributes.reason ?? ''}`, {
        actor: e.workflowExecutionTerminatedEventAttributes.identity ?? undefined,
      });
    } else if (e.workflowExecutionContinuedAsNewEventAttributes) {
      push('continued-as-new', 'Quy trình tiếp tục trong lượt chạy mới');
    } else if (e.workflowExecutionTimedOutEventAttributes) {
      push('workflow-timed-out', 'Quy trình quá thời gian chạy');
    }
  }
  return out;
}

/** Read-model events next to the history, ordered by time (history first on ties: it is the cause). */
export function mergeTimeline(
  history: TimelineEntry[],
  events: Array<{ seq: number; type: string; at: string; actor: string | null; department: string | null; summary: string }>,
): TimelineEntry[] {
  const fromEvents: TimelineEntry[] = events.map((e) => ({
    at: new Date(e.at).toISOString(),
    source: 'read-model',
    kind: e.type,
    summary: e.summary,
    ref: e.seq,
    ...(e.actor ? { actor: e.actor } : {}),
    ...(e.department ? { department: e.department } : {}),
  }));
  const rank = (x: TimelineEntry) => (x.source === 'temporal' ? 0 : 1);
  return [...history, ...fromEvents].sort((a, b) => a.at.localeCompare(b.at) || rank(a) - rank(b) || a.ref - b.ref);
}
