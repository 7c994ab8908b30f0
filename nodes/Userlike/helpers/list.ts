import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { userlikeApiRequestAllItems } from '../../shared/jsonApi/pagination';
import { buildQuery, simplify } from '../../shared/jsonApi/query';
import { getApiLocation } from '../../shared/jsonApi/transport';
import { getLimit } from './utils';

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

/**
 * The endpoint chosen with `allListOption`. The "all" list exists only in v3: on v2 the node refuses
 * rather than reading the plain list under the name of "all".
 */
export async function chosenListEndpoint(
	this: IExecuteFunctions,
	itemIndex: number,
	endpoint: string,
): Promise<string> {
	const list = this.getNodeParameter('options.list', itemIndex, 'default') as string;
	if (list !== 'all') return endpoint;
	const { apiVersion } = await getApiLocation.call(this);
	if (apiVersion !== 'v3') {
		throw new NodeOperationError(this.getNode(), `The list "All" needs the v3 API`, {
			itemIndex,
			description: `Userlike added ${endpoint}all/ in v3. Set the API version in the Userlike API credential to v3, or choose the Default List. Nothing was read.`,
		});
	}
	return `${endpoint}all/`;
}
