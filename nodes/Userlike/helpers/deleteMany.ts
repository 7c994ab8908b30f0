import type { IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { NodeApiError, NodeOperationError } from 'n8n-workflow';

import { asNodeError, MAX_PAGE_SIZE, userlikeApiRequest } from '../transport';
import { buildQuery, capitalize, chunk, parseIdList } from './utils';

export interface DeleteManySpec {
	/** e.g. "conversation" */
	noun: string;
	/** e.g. "conversations" */
	plural: string;
	endpoint: string;
	/** Turns a NodeApiError into a more helpful one (e.g. ongoing conversations). */
	explain?: (error: NodeApiError) => NodeApiError;
}

type ItemPlan =
	| { kind: 'ids'; ids: number[] }
	| { kind: 'filters'; qs: IDataObject }
	| { kind: 'error'; error: Error };

/**
 * Delete Many for conversations and contacts. By IDs: every input item's IDs are validated first,
 * then sent together, 100 per call; each item reports its own IDs. By filters: one call per item.
 */
export async function deleteMany(
	this: IExecuteFunctions,
	items: INodeExecutionData[],
	spec: DeleteManySpec,
): Promise<INodeExecutionData[]> {
	const plans: ItemPlan[] = items.map((_, itemIndex) => {
		try {
			return planItem.call(this, itemIndex, spec);
		} catch (error) {
			if (!this.continueOnFail()) throw asNodeError(this.getNode(), error, itemIndex);
			return { kind: 'error', error: error as Error };
		}
	});

	// By IDs: one set of calls for all items, so 1,000 IDs take 10 calls whatever the item count.
	const owners = new Map<number, number[]>();
	plans.forEach((plan, itemIndex) => {
		if (plan.kind !== 'ids') return;
		for (const id of plan.ids) owners.set(id, [...(owners.get(id) ?? []), itemIndex]);
	});
	const failedItems = new Map<number, Error>();
	const deletedIds: number[] = [];
	for (const ids of chunk([...owners.keys()])) {
		const itemIndex = owners.get(ids[0])![0];
		try {
			await userlikeApiRequest.call(this, 'DELETE', spec.endpoint, {
				qs: { delete_ids: ids.join(',') },
				itemIndex,
				idempotent: true,
			});
			deletedIds.push(...ids);
		} catch (error) {
			const explained = error instanceof NodeApiError && spec.explain ? spec.explain(error) : error;
			if (explained instanceof NodeApiError && deletedIds.length) {
				explained.description =
					`${explained.description ?? ''} ${deletedIds.length} ${spec.plural} were deleted before this call; none of the ${ids.length} in this call were.`.trim();
			}
			if (!this.continueOnFail()) throw asNodeError(this.getNode(), explained, itemIndex);
			for (const id of ids)
				for (const owner of owners.get(id)!) failedItems.set(owner, explained as Error);
		}
	}

	const output: INodeExecutionData[] = [];
	for (let itemIndex = 0; itemIndex < items.length; itemIndex++) {
		const plan = plans[itemIndex];
		const pairedItem = { item: itemIndex };
		if (plan.kind === 'error' || failedItems.has(itemIndex)) {
			const error = plan.kind === 'error' ? plan.error : failedItems.get(itemIndex)!;
			output.push({ json: { error: error.message }, pairedItem });
			continue;
		}
		if (plan.kind === 'ids') {
			output.push({ json: { deleted: true, ids: plan.ids }, pairedItem });
			continue;
		}
		try {
			// A filtered DELETE is not idempotent (it removes the next matches): never repeated.
			await userlikeApiRequest.call(this, 'DELETE', spec.endpoint, {
				qs: plan.qs,
				itemIndex,
			});
			output.push({
				json: { deleted: true, filters: plan.qs, limit: plan.qs.limit },
				pairedItem,
			});
		} catch (error) {
			const explained = error instanceof NodeApiError && spec.explain ? spec.explain(error) : error;
			if (!this.continueOnFail()) throw asNodeError(this.getNode(), explained, itemIndex);
			output.push({
				json: { error: (explained as Error).message },
				pairedItem,
			});
		}
	}
	return output;
}

function planItem(this: IExecuteFunctions, itemIndex: number, spec: DeleteManySpec): ItemPlan {
	const deleteBy = this.getNodeParameter('deleteBy', itemIndex, 'ids') as string;
	const options = this.getNodeParameter('options', itemIndex, {}) as IDataObject;
	if (deleteBy === 'ids') {
		const ids = parseIdList.call(
			this,
			this.getNodeParameter('ids', itemIndex, ''),
			itemIndex,
			`${capitalize(spec.noun)} IDs`,
		);
		const excluded = parseIdList.call(this, options.excludeIds ?? '', itemIndex, 'Exclude IDs');
		const wanted = ids.filter((id) => !excluded.includes(id));
		if (!wanted.length) {
			throw new NodeOperationError(this.getNode(), `No ${spec.noun} IDs to delete`, {
				itemIndex,
				description: `Enter the IDs of the ${spec.plural} to delete, e.g. 12, 13, 14. Nothing was deleted.`,
			});
		}
		return { kind: 'ids', ids: wanted };
	}

	const filters = this.getNodeParameter('filters', itemIndex, {}) as IDataObject;
	const qs = buildQuery.call(this, itemIndex, filters, options);
	const narrowing = Object.keys(qs).filter((key) => key !== 'exclude_ids');
	if (!narrowing.length && !this.getNodeParameter('deleteWithoutFilters', itemIndex, false)) {
		throw new NodeOperationError(
			this.getNode(),
			`Refusing to delete ${spec.plural} without a filter or search query`,
			{
				itemIndex,
				description: `With no filter Userlike would delete the newest ${spec.plural} of the organization. Add a filter or search query, or switch on "Delete Without Filters" if that is what you want. Nothing was deleted.`,
			},
		);
	}
	const limit = this.getNodeParameter('deleteLimit', itemIndex, 10) as number;
	if (!Number.isInteger(limit) || limit < 1 || limit > MAX_PAGE_SIZE) {
		throw new NodeOperationError(
			this.getNode(),
			`Max to Delete must be between 1 and ${MAX_PAGE_SIZE}, not ${limit}`,
			{
				itemIndex,
				description: 'Userlike deletes at most 100 items per call.',
			},
		);
	}
	return { kind: 'filters', qs: { ...qs, limit } };
}
