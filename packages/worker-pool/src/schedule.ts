/**
 * The manager's schedule expression: EventBridge `rate(...)` or `cron(...)`.
 * Pure; shared by the component's validation and the platform's config schema.
 */

const RATE = /^rate\((\d+) (minute|minutes|hour|hours|day|days)\)$/;
const CRON = /^cron\(([^)]*)\)$/;

/**
 * Why `expression` is not a usable schedule, or `undefined` when it is. The
 * answer is phrased as the fix, so callers prefix it with the arg and value.
 */
export function scheduleProblem(expression: string): string | undefined {
  const rate = RATE.exec(expression);
  if (rate) {
    const n = Number(rate[1]);
    const unit = rate[2]!;
    if (n < 1)
      return 'it is faster than once a minute; use at least "rate(1 minute)", e.g. "rate(15 minutes)"';
    if (n === 1 && unit.endsWith("s"))
      return `EventBridge wants the singular unit for 1; use "rate(1 ${unit.slice(0, -1)})"`;
    if (n > 1 && !unit.endsWith("s"))
      return `EventBridge wants the plural unit above 1; use "rate(${n} ${unit}s)"`;
    return undefined;
  }
  if (/^rate\(/.test(expression)) {
    return 'it is not a rate EventBridge accepts (whole minutes, hours or days, nothing faster than 1 minute); use e.g. "rate(15 minutes)"';
  }
  const cron = CRON.exec(expression);
  if (cron) {
    const fields = cron[1]!.trim().split(/\s+/);
    if (fields.length !== 6) {
      return 'a cron schedule has 6 fields (minutes hours day-of-month month day-of-week year); use e.g. "cron(0/15 * * * ? *)"';
    }
    if (fields[2] !== "?" && fields[4] !== "?") {
      return 'EventBridge cron needs "?" in day-of-month or day-of-week; use e.g. "cron(0/15 * * * ? *)"';
    }
    return undefined;
  }
  return 'use "rate(N minutes|hours|days)" (at least 1 minute) or "cron(minutes hours day-of-month month day-of-week year)", e.g. "rate(15 minutes)"';
}

/**
 * The longest time between two runs of a schedule, in seconds, when it can be read from the
 * expression: `rate(N unit)`, or a cron that fires every N minutes (`0/N` or `*\/N` minutes,
 * every hour) or every N hours at a fixed minute. `undefined` for any other cron (give the
 * period explicitly then).
 */
export function scheduleIntervalSeconds(expression: string): number | undefined {
  const rate = RATE.exec(expression);
  if (rate) {
    const unit = rate[2]!.replace(/s$/, "");
    return Number(rate[1]) * (unit === "minute" ? 60 : unit === "hour" ? 3600 : 86_400);
  }
  const cron = CRON.exec(expression);
  if (!cron) return undefined;
  const [minutes = "", hours = "", dom = "", month = "", dow = ""] = cron[1]!.trim().split(/\s+/);
  const every = (field: string): number | undefined => {
    if (field === "*") return 1;
    const m = /^(?:\*|0)\/(\d+)$/.exec(field);
    return m ? Number(m[1]) : undefined;
  };
  const daily = ["*", "?"].includes(dom) && month === "*" && ["*", "?"].includes(dow);
  if (!daily) return undefined;
  const everyMinutes = every(minutes);
  if (everyMinutes !== undefined && hours === "*" && 60 % everyMinutes === 0) return everyMinutes * 60;
  const everyHours = every(hours);
  if (/^\d+$/.test(minutes) && everyHours !== undefined && 24 % everyHours === 0) return everyHours * 3600;
  return undefined;
}
