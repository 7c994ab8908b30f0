import type { IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { NodeApiError, NodeOperationError } from 'n8n-workflow';

import { asNodeError, capitalize } from '../../shared/http';
import { MAX_PAGE_SIZE } from '../../shared/jsonApi/constants';
import { buildQuery, parseIdList } from '../../shared/jsonApi/query';
import { userlikeApiRequest } from '../../shared/jsonApi/transport';
import { chunk, describeIds } from './utils';

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

/** What happened to each ID: in a call Userlike answered 2xx, in a call that failed, or not sent. */
type IdState = 'sent' | 'failed';

/**
 * Delete Many for conversations and contacts. By IDs: every input item's IDs are validated first,
 * then sent together, 100 per call, each call with `limit` equal to its ID count (Userlike's list
 * DELETE removes "10 by default and 100 at most"; the docs leave open whether that covers delete_ids,
 * so the limit is sent either way). Userlike answers 204 without saying what it deleted (it skips
 * ongoing conversations and unknown IDs), so each item reports the IDs it requested, and a failure
 * names the IDs of confirmed calls, of the failed call and those not sent. By filters: one call per
 * item; Userlike does not say how many matched, so the output gives the query and its cap.
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
		for (const id of plan.ids) {
			const list = owners.get(id);
			if (list) list.push(itemIndex);
			else owners.set(id, [itemIndex]);
		}
	});
	const states = new Map<number, IdState>();
	const itemErrors = new Map<number, Error>();
	const chunks = chunk([...owners.keys()]);
	for (let call = 0; call < chunks.length; call++) {
		const ids = chunks[call];
		const itemIndex = owners.get(ids[0])![0];
		try {
			await userlikeApiRequest.call(this, 'DELETE', spec.endpoint, {
				qs: { delete_ids: ids.join(','), limit: ids.length },
				itemIndex,
				idempotent: true,
			});
			for (const id of ids) states.set(id, 'sent');
		} catch (error) {
			for (const id of ids) states.set(id, 'failed');
			const explained = asNodeError(
				this.getNode(),
				error instanceof NodeApiError && spec.explain ? spec.explain(error) : error,
				itemIndex,
			);
			if (!this.continueOnFail()) {
				explained.description = [
					explained.description,
					whatWentOut(chunks.slice(0, call).flat(), ids, chunks.slice(call + 1).flat()),
				]
					.filter(Boolean)
					.join(' ');
				throw explained;
			}
			for (const id of ids) {
				for (const owner of owners.get(id)!)
					if (!itemErrors.has(owner)) itemErrors.set(owner, explained);
			}
		}
	}

	const output: INodeExecutionData[] = [];
	for (let itemIndex = 0; itemIndex < items.length; itemIndex++) {
		const plan = plans[itemIndex];
		const pairedItem = { item: itemIndex };
		if (plan.kind === 'error') {
			output.push({ json: { error: plan.error.message }, pairedItem });
			continue;
		}
		if (plan.kind === 'ids') {
			const error = itemErrors.get(itemIndex);
			if (!error) {
				output.push({ json: { deleteRequestAccepted: true, requestedIds: plan.ids }, pairedItem });
				continue;
			}
			const sentIds = plan.ids.filter((id) => states.get(id) === 'sent');
			const failedIds = plan.ids.filter((id) => states.get(id) === 'failed');
			const notSentIds = plan.ids.filter((id) => !states.has(id));
			output.push({
				json: {
					error: error.message,
					description: [
						(error as { description?: string }).description,
						whatWentOut(sentIds, failedIds, notSentIds),
					]
						.filter(Boolean)
						.join(' '),
					sentIds,
					failedIds,
					notSentIds,
				},
				pairedItem,
			});
			continue;
		}
		try {
			// A filtered DELETE is not idempotent (it removes the next matches): never repeated.
			await userlikeApiRequest.call(this, 'DELETE', spec.endpoint, {
				qs: plan.qs,
				itemIndex,
			});
			output.push({
				json: { deleteRequestAccepted: true, query: plan.qs, atMost: plan.qs.limit },
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

/** The sentence of a partial failure: which IDs went out in confirmed calls, in the failed one, not at all. */
function whatWentOut(sent: number[], failed: number[], notSent: number[]): string {
	return [
		sent.length
			? `Userlike confirmed the calls with ${sent.length} IDs: ${describeIds(sent)}.`
			: 'No call with these IDs was confirmed by Userlike.',
		failed.length
			? `The call with these ${failed.length} IDs failed, so Userlike confirmed none of them (Get them to see which still exist): ${describeIds(failed)}.`
			: '',
		notSent.length
			? `Not sent (${notSent.length} IDs): ${describeIds(notSent)}.`
			: 'Every other ID was sent.',
	]
		.filter(Boolean)
		.join(' ');
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
		const excluded = new Set(
			parseIdList.call(this, options.excludeIds ?? '', itemIndex, 'Exclude IDs'),
		);
		const wanted = ids.filter((id) => !excluded.has(id));
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
