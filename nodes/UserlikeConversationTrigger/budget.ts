import type { IDataObject } from 'n8n-workflow';

/**
 * What polling costs against Userlike's rate limit. The JSON API docs ("API rate limits",
 * https://www.userlike.com/en/public/tutorial/um/api/intro, https://docs.userlike.com/developers/api/json):
 * 5000 requests a day per resource and organization, every method counted together. The trigger's
 * requests (conversation list and conversation messages) all count against "conversations".
 */
export const DAILY_QUOTA = 5000;

/** One entry of n8n's `pollTimes` (n8n-workflow's cronNodeOptions). */
export interface PollTime {
	mode?: string;
	hour?: number;
	minute?: number;
	dayOfMonth?: number;
	weekday?: string;
	value?: number;
	unit?: string;
	cronExpression?: string;
}

/** How many values of a cron field match (`*`, `*\/n`, `a`, `a-b`, `a-b/n`, lists); undefined if unreadable. */
function fieldCount(field: string, min: number, max: number): number | undefined {
	const matched = new Set<number>();
	for (const part of field.split(',')) {
		const match = /^(\*|\d+)(?:-(\d+))?(?:\/(\d+))?$/.exec(part.trim());
		if (!match) return undefined;
		const step = match[3] ? Number(match[3]) : 1;
		if (step < 1) return undefined;
		const start = match[1] === '*' ? min : Number(match[1]);
		const end = match[2] ? Number(match[2]) : match[1] === '*' || match[3] ? max : start;
		for (let value = start; value <= Math.min(end, max); value += step) matched.add(value);
	}
	return matched.size;
}

/**
 * Polls a day of one custom cron expression (6 fields with seconds, or 5), counting a day on which it
 * runs at all: the day, month and weekday fields only make it run on fewer days.
 */
function cronPollsPerDay(expression: string): number | undefined {
	const fields = expression.trim().split(/\s+/);
	if (fields.length === 5) fields.unshift('0');
	if (fields.length !== 6) return undefined;
	const seconds = fieldCount(fields[0], 0, 59);
	const minutes = fieldCount(fields[1], 0, 59);
	const hours = fieldCount(fields[2], 0, 23);
	if (seconds === undefined || minutes === undefined || hours === undefined) return undefined;
	return seconds * minutes * hours;
}

/** Polls a day of one poll time, as n8n's toCronExpression schedules it; undefined if unknown. */
export function pollsPerDay(item: PollTime): number | undefined {
	switch (item.mode) {
		case 'everyMinute':
			return 1440;
		case 'everyHour':
			return 24;
		case 'everyDay':
			return 1;
		case 'everyWeek':
			return 1 / 7;
		case 'everyMonth':
			return 12 / 365;
		case 'everyX': {
			const value = Math.max(1, Math.floor(Number(item.value) || 1));
			// `*/value` in the minute (or hour) field restarts every hour (or day).
			if (item.unit === 'minutes') return 24 * Math.ceil(60 / Math.min(value, 60));
			return Math.ceil(24 / Math.min(value, 24));
		}
		case 'custom':
			return cronPollsPerDay(String(item.cronExpression ?? ''));
		default:
			return undefined;
	}
}

export interface PollBudget {
	/** requests a day when nothing changes (1 per poll); undefined when a poll time cannot be read */
	idleRequestsPerDay?: number;
	/** what is left of the daily quota for pages of changes and messages */
	headroom?: number;
}

export function pollBudget(pollTimes: IDataObject | undefined): PollBudget {
	const items = ((pollTimes?.item as PollTime[] | undefined) ?? []).filter(Boolean);
	let total = 0;
	for (const item of items) {
		const polls = pollsPerDay(item);
		if (polls === undefined) return {};
		total += polls;
	}
	const idleRequestsPerDay = Math.ceil(total);
	return { idleRequestsPerDay, headroom: DAILY_QUOTA - idleRequestsPerDay };
}

/**
 * The condition of the node's warning hint, as an n8n expression over the node's own parameters:
 * Include New Messages is on and a poll time runs every 5 minutes or more often (288 requests a day
 * or more before any change), or is a custom expression.
 */
export const MESSAGES_BUDGET_WARNING_CONDITION =
	'={{ $parameter.options?.includeNewMessages === true && ($parameter.pollTimes?.item ?? []).some(i => i.mode === "everyMinute" || i.mode === "custom" || (i.mode === "everyX" && i.unit === "minutes" && Number(i.value) <= 5)) }}';
