/**
 * Lists: every page of a Userlike list endpoint through the transport's one request function, complete
 * or failed (see userlikeApiRequestAllItems).
 */
import type { IDataObject, INode, NodeApiError } from 'n8n-workflow';

import { exactApiError } from '../http';
import { MAX_PAGE_SIZE } from './constants';
import type { ApiSession, UserlikeFunctions } from './transport';
import { openSession, userlikeApiRequest } from './transport';

export interface PageRequest {
	endpoint: string;
	qs?: IDataObject;
	returnAll: boolean;
	/** Items wanted when not returnAll. */
	limit: number;
	itemIndex?: number;
	subject?: string;
	/**
	 * Read by keyset on `id` (`id__lt` descending / `id__gt` ascending, with `ordering`) instead of
	 * following offset links, so that records added or deleted during the run neither repeat nor get
	 * skipped. Only for lists that support it (conversations) and in id order.
	 */
	keyset?: { descending: boolean };
	/** Ends the list after a page for which this is true (e.g. messages older than a point in time). */
	stopAfterPage?: (page: IDataObject[]) => boolean;
}

function listError(
	node: INode,
	request: PageRequest,
	session: ApiSession,
	message: string,
	description: string,
): NodeApiError {
	return exactApiError(
		node,
		{ message, description, itemIndex: request.itemIndex, body: { endpoint: request.endpoint } },
		session.secrets,
	);
}

/**
 * Lists with the fewest calls the API allows: pages of 100 (or `limit` when fewer are wanted),
 * following the `next` links Userlike returns (they carry the filters and, for messages, the cursor)
 * until the list ends or enough items arrived; or by keyset (see PageRequest.keyset).
 *
 * A list is complete or the run fails: a page that is not JSON fails (in the send core), a `next`
 * link already followed fails, a page holding only records already read fails, and a record that
 * reappears on a later page (the list moved under an offset) is kept once.
 */
export async function userlikeApiRequestAllItems(
	this: UserlikeFunctions,
	request: PageRequest,
): Promise<IDataObject[]> {
	const wanted = request.returnAll ? Infinity : Math.max(0, request.limit);
	const items: IDataObject[] = [];
	if (wanted === 0) return items;
	const session = await openSession.call(this, request.itemIndex);
	const pageSize = Math.min(MAX_PAGE_SIZE, wanted);
	const node = this.getNode();
	const seenIds = new Set<unknown>();
	const followed = new Set<string>();
	const keyset = request.keyset;
	let next: string | undefined;
	let lastId: number | undefined;
	for (let page = 1; ; page++) {
		let qs: IDataObject | undefined;
		if (keyset) {
			qs = { ...request.qs, limit: pageSize, ordering: keyset.descending ? '-id' : 'id' };
			if (lastId !== undefined) {
				const key = keyset.descending ? 'id__lt' : 'id__gt';
				const own = Number(request.qs?.[key]);
				// The user's own bound stays when it is tighter.
				qs[key] = Number.isFinite(own)
					? keyset.descending
						? Math.min(own, lastId)
						: Math.max(own, lastId)
					: lastId;
			}
		} else if (!next) {
			qs = { ...request.qs, limit: pageSize };
		}
		const body = await userlikeApiRequest.call(this, 'GET', request.endpoint, {
			qs,
			url: keyset ? undefined : next,
			itemIndex: request.itemIndex,
			subject: request.subject,
			session,
		});
		if (!Array.isArray(body.results)) {
			throw listError(
				node,
				request,
				session,
				`Userlike answered page ${page} of ${request.endpoint} without a list of results`,
				'The answer is not what Userlike documents for a list, so the list would be incomplete. Run the node again.',
			);
		}
		const results = body.results as IDataObject[];
		let fresh = 0;
		for (const result of results) {
			const id = result?.id;
			if (id !== undefined && id !== null) {
				if (seenIds.has(id)) continue;
				seenIds.add(id);
			}
			fresh++;
			items.push(result);
			if (items.length >= wanted) return items;
		}
		if (results.length && !fresh) {
			throw listError(
				node,
				request,
				session,
				`Userlike returned page ${page} of ${request.endpoint} again: every record on it was already read`,
				`A page repeated instead of the list going on, so the list cannot be read completely (${items.length} records read). Run the node again; if it repeats, the list is changing faster than it can be read.`,
			);
		}
		if (request.stopAfterPage?.(results)) return items;
		const link = typeof body.next === 'string' && body.next ? body.next : undefined;
		if (!link || !results.length) return items;
		if (keyset) {
			const ids = results.map((result) => Number(result?.id));
			if (ids.some((id) => !Number.isSafeInteger(id))) {
				throw listError(
					node,
					request,
					session,
					`Userlike returned records without a numeric ID on page ${page} of ${request.endpoint}`,
					'The list is read in ID order and cannot go on without IDs.',
				);
			}
			const edge = keyset.descending ? Math.min(...ids) : Math.max(...ids);
			if (lastId !== undefined && (keyset.descending ? edge >= lastId : edge <= lastId)) {
				throw listError(
					node,
					request,
					session,
					`Userlike's page ${page} of ${request.endpoint} did not move on in ID order`,
					`The list is read by ID (${keyset.descending ? 'id__lt' : 'id__gt'}), and this page did not go past ID ${lastId}. Run the node again.`,
				);
			}
			lastId = edge;
			continue;
		}
		if (followed.has(link)) {
			throw listError(
				node,
				request,
				session,
				`Userlike sent a page link that was already followed (page ${page} of ${request.endpoint})`,
				`The list's "next" link pointed back to a page already read, so the list would repeat or never end (${items.length} records read). Run the node again later.`,
			);
		}
		followed.add(link);
		next = link;
	}
}
