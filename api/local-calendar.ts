/**
 * The calendar in force at this centre: the national calendar plus the newest local overlay revision stored by an
 * admin. Read fresh on every reception (a change applies to the very next dossier, in every API process); the
 * built Calendar is memoised per revision because building one takes a few milliseconds.
 */
import { buildCalendar, defaultCalendar, type Calendar, type LocalCalendarOverlay } from '../holidays/index';
import type { Db } from '../db/client';
import { latestOverlayRevision, type OverlayRevision } from '../db/repositories/calendar-overlays';

export interface CalendarInForce {
  calendar: Calendar;
  /** null when no overlay was ever stored or the newest revision cleared it. */
  overlay: LocalCalendarOverlay | null;
  revision: OverlayRevision | null;
}

export class LocalCalendarStore {
  private built: { revision: number; calendar: Calendar } | null = null;

  constructor(private readonly db: Db) {}

  async inForce(): Promise<CalendarInForce> {
    const revision = await latestOverlayRevision(this.db);
    if (!revision?.overlay) return { calendar: defaultCalendar, overlay: null, revision };
    if (this.built?.revision !== revision.revision) {
      this.built = { revision: revision.revision, calendar: buildCalendar(revision.overlay) };
    }
    return { calendar: this.built.calendar, overlay: revision.overlay, revision };
  }
}
