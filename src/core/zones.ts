// IANA time zones as the platforms report them and people type them, and local
// dates and times in a zone (quiet hours, deadlines, repeating surveys): all through
// Intl, so daylight saving needs no tables of our own.

/** The zone's canonical name (`asia/shanghai` → `Asia/Shanghai`), or null when it is not one. */
export function canonicalZone(name: string): string | null {
  const v = name.trim();
  if (v === '' || v.length > 64) return null;
  try {
    return new Intl.DateTimeFormat('en-US', { timeZone: v }).resolvedOptions().timeZone;
  } catch {
    return null;
  }
}

export const DAY_NAMES = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'] as const;

export interface Local {
  date: string; // YYYY-MM-DD
  weekday: number;
  minutes: number;
}

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(timezone: string): Intl.DateTimeFormat {
  let f = formatters.get(timezone);
  if (f === undefined) {
    f = new Intl.DateTimeFormat('en-US', { timeZone: timezone, hourCycle: 'h23', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', weekday: 'short' });
    formatters.set(timezone, f);
  }
  return f;
}

/** The local date, weekday and minute of an instant in a zone. */
export function localOf(at: Date, timezone: string): Local {
  const parts = Object.fromEntries(formatter(timezone).formatToParts(at).map((p) => [p.type, p.value]));
  const weekday = DAY_NAMES.indexOf((parts['weekday'] ?? 'Sun').slice(0, 3).toLowerCase() as (typeof DAY_NAMES)[number]);
  return { date: `${parts['year']}-${parts['month']}-${parts['day']}`, weekday, minutes: Number(parts['hour']) * 60 + Number(parts['minute']) };
}

/** The instant a local date and minute of a zone names. */
export function zonedInstant(date: string, minutes: number, timezone: string): Date {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  const naive = Date.UTC(y, m - 1, d, Math.floor(minutes / 60), minutes % 60);
  let guess = naive;
  for (let i = 0; i < 3; i += 1) {
    const local = localOf(new Date(guess), timezone);
    const [ly, lm, ld] = local.date.split('-').map(Number) as [number, number, number];
    const shownAsUtc = Date.UTC(ly, lm - 1, ld, Math.floor(local.minutes / 60), local.minutes % 60);
    guess += naive - shownAsUtc;
  }
  return new Date(guess);
}
