export interface IsoDuration {
  years: number;
  months: number;
  weeks: number;
  days: number;
  hours: number;
  minutes: number;
  seconds: number;
}

const ISO_DURATION = /^P(?:(\d+)Y)?(?:(\d+)M)?(?:(\d+)W)?(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?(?:(\d+(?:\.\d+)?)S)?)?$/;

/** Parses ISO-8601 durations such as `P3Y`, `P1Y2M10DT2H30M`, `PT601S`, `P2W`. */
export function parseIsoDuration(text: string): IsoDuration | undefined {
  const match = ISO_DURATION.exec(text);
  if (!match || text === 'P' || text.endsWith('T')) return undefined;
  const n = (i: number) => (match[i] === undefined ? 0 : Number(match[i]));
  return { years: n(1), months: n(2), weeks: n(3), days: n(4), hours: n(5), minutes: n(6), seconds: n(7) };
}

/** Calendar arithmetic in UTC, so that `P3Y` from 2025-03-01 lands on 2028-03-01. */
export function addDuration(epochMs: number, d: IsoDuration): number {
  const date = new Date(epochMs);
  date.setUTCFullYear(date.getUTCFullYear() + d.years, date.getUTCMonth() + d.months, date.getUTCDate() + d.weeks * 7 + d.days);
  return date.getTime() + ((d.hours * 60 + d.minutes) * 60 + d.seconds) * 1000;
}

/** Wall clock plus an offset that tests move forward (or set) through `/_sim/clock`. */
export class SimClock {
  private offsetMs = 0;

  now(): number {
    return Date.now() + this.offsetMs;
  }

  nowIso(): string {
    return new Date(this.now()).toISOString();
  }

  advanceMs(ms: number): void {
    this.offsetMs += ms;
  }

  advance(duration: IsoDuration): void {
    const now = this.now();
    this.offsetMs += addDuration(now, duration) - now;
  }

  set(epochMs: number): void {
    this.offsetMs = epochMs - Date.now();
  }

  offset(): number {
    return this.offsetMs;
  }

  reset(): void {
    this.offsetMs = 0;
  }
}
