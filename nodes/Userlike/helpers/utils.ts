import type { IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { NodeApiError, NodeOperationError } from 'n8n-workflow';

import { asNodeError, failedItemJson } from '../../shared/http';
import { MAX_PAGE_SIZE } from '../../shared/jsonApi/constants';
import { checkId } from '../../shared/jsonApi/query';
import { userlikeApiRequest } from '../../shared/jsonApi/transport';

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
			output.push({ json: failedItemJson(error), pairedItem: { item: itemIndex } });
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
	return checkId(this.getNode(), raw, itemIndex, { label });
}

/** The Limit of a Get Many: a whole number of at least 1 (an expression may give anything). */
export function getLimit(this: IExecuteFunctions, itemIndex: number, fallback = 50): number {
	const raw = this.getNodeParameter('limit', itemIndex, fallback) as unknown;
	const limit = typeof raw === 'string' && raw.trim() !== '' ? Number(raw) : raw;
	if (typeof limit !== 'number' || !Number.isInteger(limit) || limit < 1) {
		const shown = typeof raw === 'string' ? `"${raw}"` : String(raw);
		throw new NodeOperationError(
			this.getNode(),
			`Limit must be a whole number of at least 1, not ${shown}`,
			{
				itemIndex,
				description: `Item ${itemIndex + 1}: set Limit to how many results to return, e.g. 50, or switch on Return All. Nothing was sent.`,
			},
		);
	}
	return limit;
}

/** IDs in their order, consecutive runs written as ranges: "12–15, 20, 31–32". */
export function describeIds(ids: number[]): string {
	const parts: string[] = [];
	for (let i = 0; i < ids.length; ) {
		let j = i;
		while (j + 1 < ids.length && ids[j + 1] === ids[j] + 1) j++;
		parts.push(j === i ? String(ids[i]) : `${ids[i]}–${ids[j]}`);
		i = j + 1;
	}
	return parts.join(', ');
}

export function chunk<T>(values: T[], size = MAX_PAGE_SIZE): T[][] {
	const chunks: T[][] = [];
	for (let i = 0; i < values.length; i += size) chunks.push(values.slice(i, i + size));
	return chunks;
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
