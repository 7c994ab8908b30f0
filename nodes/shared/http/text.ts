/**
 * Text helpers of the send core: secrets redacted, HTML and unexpected bodies made short, headers
 * read, JSON depth measured.
 */
/** How many bytes of an unexpected body an error shows. */
const PREVIEW_CHARS = 120;

/** Replaces every secret (of 4 characters or more) in `text` with "[redacted]". */
export function redact(text: string, secrets: readonly string[]): string {
	let out = text;
	for (const secret of secrets) {
		if (typeof secret === 'string' && secret.length >= 4)
			out = out.split(secret).join('[redacted]');
	}
	return out;
}

/** A deep copy of `value` with every secret redacted from its strings (iterative, any depth). */
export function redactValue<T>(value: T, secrets: readonly string[]): T {
	try {
		const text = JSON.stringify(value);
		if (text === undefined) return value;
		return JSON.parse(redact(text, secrets)) as T;
	} catch {
		return { detail: '[an answer that could not be shown]' } as T;
	}
}

export function looksLikeHtml(text: string): boolean {
	return /^\s*(<!doctype html|<html|<head|<body|<\?xml|<[a-z]+[\s>])/i.test(text);
}

/** An HTML page as a short text: its title, else its text without tags. */
export function shortText(text: string, max = 200): string {
	let plain = text;
	if (looksLikeHtml(text)) {
		const title = /<title[^>]*>([^<]*)<\/title>/i.exec(text)?.[1];
		const heading = /<h1[^>]*>([^<]*)<\/h1>/i.exec(text)?.[1];
		plain = (title || heading || text.replace(/<(script|style)[\s\S]*?<\/\1>/gi, ' '))
			.replace(/<[^>]*>/g, ' ')
			.replace(/&nbsp;/g, ' ')
			.replace(/&amp;/g, '&')
			.replace(/&lt;/g, '<')
			.replace(/&gt;/g, '>');
	}
	plain = plain.replace(/\s+/g, ' ').trim();
	return plain.length > max ? `${plain.slice(0, max - 1)}…` : plain;
}

export function preview(text: string): string {
	const flat = text.replace(/\s+/g, ' ').trim();
	return flat.length > PREVIEW_CHARS ? `${flat.slice(0, PREVIEW_CHARS)}…` : flat;
}

/** The deepest nesting of arrays/objects in `value`, counted without recursion. */
export function jsonDepth(value: unknown, stopAt = Infinity): number {
	let deepest = 0;
	const stack: Array<[unknown, number]> = [[value, 1]];
	while (stack.length) {
		const [current, depth] = stack.pop() as [unknown, number];
		if (current === null || typeof current !== 'object') continue;
		if (depth > deepest) deepest = depth;
		if (deepest > stopAt) return deepest;
		for (const child of Object.values(current as object)) stack.push([child, depth + 1]);
	}
	return deepest;
}

/** A response header's first value, whatever the case of its name. */
export function headerOf(
	headers: Record<string, string | string[] | undefined>,
	name: string,
): string | undefined {
	const value = headers[name] ?? headers[name.toLowerCase()];
	return Array.isArray(value) ? value[0] : value;
}

/** "conversation" → "Conversation". */
export function capitalize(text: string): string {
	return text.charAt(0).toUpperCase() + text.slice(1);
}
