import type { IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { NodeApiError, NodeOperationError } from 'n8n-workflow';

import { asNodeError, MAX_PAGE_SIZE, userlikeApiRequest } from '../transport';

/** Runs `run` for every item: pairs each output with its input and honours Continue On Fail. */
export async function forEachItem(
	this: IExecuteFunctions,
	items: INodeExecutionData[],
	run: (itemIndex: number) => Promise<IDataObject | IDataObject[]>,
): Promise<INodeExecutionData[]> {
	const output: INodeExecutionData[] = [];
	for (let itemIndex = 0; itemIndex < items.length; itemIndex++) {
		try {
			const result = await run(itemIndex);
			const results = Array.isArray(result) ? result : [result];
			for (const json of results) output.push({ json, pairedItem: { item: itemIndex } });
		} catch (error) {
			if (!this.continueOnFail()) throw asNodeError(this.getNode(), error, itemIndex);
			output.push({
				json: {
					error: (error as Error).message,
					description: (error as IDataObject).description ?? null,
				},
				pairedItem: { item: itemIndex },
			});
		}
	}
	return output;
}

/** A positive integer ID from a plain or resource-locator parameter, or a clear error. */
export function getId(
	this: IExecuteFunctions,
	parameter: string,
	itemIndex: number,
	label: string,
): number {
	const raw = this.getNodeParameter(parameter, itemIndex, '', {
		extractValue: true,
	}) as string | number;
	const text = String(raw ?? '').trim();
	if (!/^\d+$/.test(text) || Number(text) <= 0) {
		throw new NodeOperationError(
			this.getNode(),
			text === ''
				? `The ${label} ID is empty`
				: `The ${label} ID must be a positive whole number, not "${text}"`,
			{
				itemIndex,
				description: `Pick the ${label} from the list or enter its numeric ID, e.g. 42.`,
			},
		);
	}
	return Number(text);
}

/** Comma, space or newline separated IDs, or an array of them (from an expression), deduplicated. */
export function parseIdList(
	this: IExecuteFunctions,
	value: unknown,
	itemIndex: number,
	field: string,
): number[] {
	const parts: unknown[] = Array.isArray(value)
		? value
		: typeof value === 'number'
			? [value]
			: String(value ?? '')
					.split(/[\s,;]+/)
					.filter((part) => part !== '');
	const ids: number[] = [];
	for (const part of parts) {
		const text = String(part).trim();
		if (!/^\d+$/.test(text) || Number(text) <= 0) {
			throw new NodeOperationError(this.getNode(), `"${text}" in ${field} is not an ID`, {
				itemIndex,
				description: `${field} takes numeric IDs separated by commas, e.g. 12, 13, 14 (or an array from an expression).`,
			});
		}
		if (!ids.includes(Number(text))) ids.push(Number(text));
	}
	return ids;
}

export function chunk<T>(values: T[], size = MAX_PAGE_SIZE): T[][] {
	const chunks: T[][] = [];
	for (let i = 0; i < values.length; i += size) chunks.push(values.slice(i, i + size));
	return chunks;
}

/**
 * Query parameters from a filters collection: empty values dropped, booleans as "true"/"false",
 * date-times as ISO strings, and `exclude_ids` normalised.
 */
export function buildQuery(
	this: IExecuteFunctions,
	itemIndex: number,
	filters: IDataObject,
	options: IDataObject = {},
): IDataObject {
	const qs: IDataObject = {};
	for (const [key, value] of Object.entries(filters)) {
		// Empty text and 0 in a number field mean "not set": Userlike IDs start at 1.
		if (value === '' || value === undefined || value === null || value === 0) continue;
		if (key === 'search_query') {
			const query = String(value).trim();
			if (query) qs.search_query = query;
			continue;
		}
		qs[key] = typeof value === 'boolean' ? String(value) : value;
	}
	if (options.ordering) qs.ordering = options.ordering;
	if (options.excludeIds !== undefined && options.excludeIds !== '') {
		const ids = parseIdList.call(this, options.excludeIds, itemIndex, 'Exclude IDs');
		if (ids.length) qs.exclude_ids = ids.join(',');
	}
	return qs;
}

/** Keeps the listed keys where present; falls back to the whole item if none of them is there. */
export function simplify(item: IDataObject, keys: readonly string[]): IDataObject {
	const picked: IDataObject = {};
	for (const key of keys) if (key in item) picked[key] = item[key];
	return Object.keys(picked).length ? picked : item;
}

/**
 * DELETE of one item by ID (idempotent, so retried on transient failures); `{ deleted: true, id }`.
 * `explain` may add advice to Userlike's refusal (ongoing conversation, protected operator).
 */
export async function deleteById(
	this: IExecuteFunctions,
	endpoint: string,
	id: number,
	itemIndex: number,
	subject: string,
	explain?: (error: NodeApiError) => NodeApiError,
): Promise<IDataObject> {
	try {
		await userlikeApiRequest.call(this, 'DELETE', `${endpoint}/${id}/`, {
			itemIndex,
			idempotent: true,
			subject: `${subject} with ID ${id}`,
		});
	} catch (error) {
		throw explain && error instanceof NodeApiError
			? explain(error)
			: asNodeError(this.getNode(), error, itemIndex);
	}
	return { deleted: true, id };
}

export function capitalize(text: string): string {
	return text.charAt(0).toUpperCase() + text.slice(1);
}
