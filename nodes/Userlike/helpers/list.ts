import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import { getApiLocation, userlikeApiRequestAllItems } from '../../shared/transport';
import { getLimit } from './utils';
import { buildQuery, simplify } from '../../shared/query';

export interface ListSpec {
	endpoint: string;
	/** Keys kept by Simplify; omit where the node offers no Simplify switch. */
	simplifiedKeys?: readonly string[];
	/** Extra query parameters (already validated). */
	qs?: IDataObject;
	/** For a 404: e.g. "conversation with ID 42". */
	subject?: string;
	/**
	 * The list filters by `id__lt`/`id__gt` and orders by `id`: read it by keyset when the order asked
	 * for is by ID (the default, newest first), so that a list changing during the run is read exactly.
	 */
	idKeyset?: boolean;
}

/**
 * The body of every Get Many: filters and options to query parameters, Return All / Limit through
 * the paginating transport, then Simplify.
 */
export async function listItems(
	this: IExecuteFunctions,
	itemIndex: number,
	spec: ListSpec,
): Promise<IDataObject[]> {
	const returnAll = this.getNodeParameter('returnAll', itemIndex, false) as boolean;
	const limit = returnAll ? 0 : getLimit.call(this, itemIndex);
	const filters = this.getNodeParameter('filters', itemIndex, {}) as IDataObject;
	const options = this.getNodeParameter('options', itemIndex, {}) as IDataObject;
	const qs = {
		...buildQuery.call(this, itemIndex, filters, options),
		...spec.qs,
	};
	const byId = qs.ordering === undefined || qs.ordering === 'id' || qs.ordering === '-id';
	const results = await userlikeApiRequestAllItems.call(this, {
		endpoint: spec.endpoint,
		qs,
		returnAll,
		limit,
		itemIndex,
		subject: spec.subject,
		// A search is ranked by relevance: it keeps Userlike's order and its links.
		keyset:
			spec.idKeyset && byId && qs.search_query === undefined
				? { descending: qs.ordering !== 'id' }
				: undefined,
	});
	const simplifiedKeys = spec.simplifiedKeys;
	if (simplifiedKeys && this.getNodeParameter('simplify', itemIndex, true)) {
		return results.map((item) => simplify(item, simplifiedKeys));
	}
	return results;
}

/** The endpoint chosen with `allListOption` (the v3-only list falls back to the plain one on v2). */
export async function chosenListEndpoint(
	this: IExecuteFunctions,
	itemIndex: number,
	endpoint: string,
): Promise<string> {
	const list = this.getNodeParameter('options.list', itemIndex, 'default') as string;
	return list === 'all' && (await getApiLocation.call(this)).apiVersion === 'v3'
		? `${endpoint}all/`
		: endpoint;
}
