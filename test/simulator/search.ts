/**
 * `search_query` of the conversation and contact list endpoints.
 *
 * docs: "Multiple keywords are "ORed", meaning that a search for "userlike+gregor" will return results
 *        that match either the first or the second keyword"
 * docs: "When you provide a keyword, it is first reduced to its stem. After that we do a prefix search with the result."
 * docs: "The ranking of all results matching your keyword(s) is determined by two factors: where the matching
 *        content was found and how often it was found."
 */

// docs: ""A" ranks higher than "B" ranks higher than "C"" — not in the docs: the numbers; we use A=3, B=2, C=1.
export const SEARCH_WEIGHTS = { A: 3, B: 2, C: 1 } as const;
export type SearchWeight = keyof typeof SEARCH_WEIGHTS;

export interface SearchField {
	weight: SearchWeight;
	text: string | null | undefined;
}

/**
 * A small suffix stripper standing in for the real stemmer.
 * docs: "if you enter "users", we first reduce it to the word stem "user""
 * not in the docs: which stemmer; this one strips -ies/-sses/-ing/-edly/-ed/-ly/-es/-s.
 */
export function stem(word: string): string {
	const w = word.toLowerCase();
	if (!/^\p{L}+$/u.test(w) || w.length <= 3) return w;
	if (w.endsWith('ies') && w.length > 4) return `${w.slice(0, -3)}y`;
	if (w.endsWith('sses')) return w.slice(0, -2);
	if (w.endsWith('ing') && w.length > 5) return w.slice(0, -3);
	if (w.endsWith('edly') && w.length > 6) return w.slice(0, -4);
	if (w.endsWith('ed') && w.length > 4) return w.slice(0, -2);
	if (w.endsWith('ly') && w.length > 4) return w.slice(0, -2);
	if (/(ch|sh|x|z)es$/.test(w) && w.length > 4) return w.slice(0, -2);
	if (w.endsWith('s') && !/(ss|us|is)$/.test(w)) return w.slice(0, -1);
	return w;
}

/**
 * The keywords of a search_query value: whitespace separated (URLSearchParams already turned `+` and
 * `%20` into spaces), lower-cased, with leading/trailing punctuation removed, then stemmed.
 * docs: "provide the "search_query" parameter with a white-space separated value"
 */
export function parseKeywords(searchQuery: string): string[] {
	const out: string[] = [];
	for (const raw of searchQuery.split(/\s+/)) {
		const trimmed = raw.toLowerCase().replace(/^[^\p{L}\p{N}]+|[^\p{L}\p{N}]+$/gu, '');
		if (!trimmed) continue;
		const s = stem(trimmed);
		if (!out.includes(s)) out.push(s);
	}
	return out;
}

interface Token {
	whole: string;
	parts: string[];
}

const tokenCache = new Map<string, Token[]>();

/**
 * not in the docs: how texts are split into words. A token is a whitespace-separated chunk
 * (an email address stays one token); a keyword matches a token when it is a prefix of the token,
 * of one of its letter/digit runs, or of the stem of such a run. Each matching token counts once.
 */
function tokenize(text: string): Token[] {
	const cached = tokenCache.get(text);
	if (cached) return cached;
	const tokens: Token[] = [];
	for (const chunk of text.toLowerCase().split(/\s+/)) {
		if (!chunk) continue;
		const parts = chunk.match(/[\p{L}\p{N}]+/gu) ?? [];
		if (!parts.length) continue;
		const withStems = new Set<string>();
		for (const p of parts) {
			withStems.add(p);
			withStems.add(stem(p));
		}
		tokens.push({ whole: chunk, parts: [...withStems] });
	}
	if (tokenCache.size > 50_000) tokenCache.clear();
	tokenCache.set(text, tokens);
	return tokens;
}

/** Occurrences of one keyword (a prefix) in one text. */
export function countMatches(keyword: string, text: string): number {
	let n = 0;
	for (const token of tokenize(text)) {
		if (token.whole.startsWith(keyword) || token.parts.some((p) => p.startsWith(keyword))) n++;
	}
	return n;
}

/**
 * The score of one item: sum over keywords and fields of weight × occurrences.
 * docs: "three matches in one conversation rank higher than only one match in another"
 */
export function score(keywords: string[], fields: SearchField[]): number {
	let total = 0;
	for (const field of fields) {
		if (!field.text) continue;
		const w = SEARCH_WEIGHTS[field.weight];
		for (const k of keywords) total += w * countMatches(k, field.text);
	}
	return total;
}
