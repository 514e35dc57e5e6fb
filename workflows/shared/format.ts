/**
 * Vietnamese formatting of times and amounts, one home for the workflow (legacy summaries), activities
 * (notifications, documents) and the API. No Intl: the workflow sandbox's Intl follows the worker's TZ.
 */

/** `hh:mm dd/mm/yyyy` in Vietnam time (UTC+7, no DST since 1975). */
export function formatVietnamTime(iso: string): string {
  const v = new Date(Date.parse(iso) + 7 * 3_600_000);
  const p = (n: number) => String(n).padStart(2, '0');
  return `${p(v.getUTCHours())}:${p(v.getUTCMinutes())} ${p(v.getUTCDate())}/${p(v.getUTCMonth() + 1)}/${v.getUTCFullYear()}`;
}

/** An amount in đồng as Vietnamese write it: 1.250.000 (dots between thousands). */
export const formatVnd = (n: number): string => String(Math.round(n)).replace(/\B(?=(\d{3})+(?!\d))/g, '.');

/** The Vietnam calendar date (YYYY-MM-DD) of an instant. */
export const vietnamDate = (ms: number): string => new Date(ms + 7 * 3_600_000).toISOString().slice(0, 10);
