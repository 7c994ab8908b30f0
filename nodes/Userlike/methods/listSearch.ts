import type {
	IDataObject,
	ILoadOptionsFunctions,
	INodeListSearchItems,
	INodeListSearchResult,
} from 'n8n-workflow';

import { userlikeApiRequest } from '../../shared/jsonApi/transport';

const PAGE = 50;

async function search(
	this: ILoadOptionsFunctions,
	endpoint: string,
	qs: IDataObject,
	paginationToken: string | undefined,
	toItem: (item: IDataObject) => INodeListSearchItems,
): Promise<INodeListSearchResult> {
	// The pagination token is the `next` link of the previous page (same host, checked by the transport).
	const page = paginationToken
		? await userlikeApiRequest.call(this, 'GET', endpoint, {
				url: paginationToken,
			})
		: await userlikeApiRequest.call(this, 'GET', endpoint, {
				qs: { ...qs, limit: PAGE },
			});
	const results = Array.isArray(page.results) ? (page.results as IDataObject[]) : [];
	return {
		results: results.map(toItem),
		paginationToken: typeof page.next === 'string' && page.next ? page.next : undefined,
	};
}

function label(...parts: unknown[]): string {
	return parts.filter((part) => typeof part === 'string' && part.trim()).join(' · ');
}

export async function searchConversations(
	this: ILoadOptionsFunctions,
	filter?: string,
	paginationToken?: string,
): Promise<INodeListSearchResult> {
	const qs: IDataObject = filter?.trim() ? { search_query: filter.trim() } : {};
	return await search.call(this, 'conversations/', qs, paginationToken, (item) => {
		const contact = (item.contact ?? {}) as IDataObject;
		return {
			name: `#${item.id} ${label(contact.name, contact.email, item.subject, item.status) || ''}`.trim(),
			value: String(item.id),
		};
	});
}

export async function searchContacts(
	this: ILoadOptionsFunctions,
	filter?: string,
	paginationToken?: string,
): Promise<INodeListSearchResult> {
	const qs: IDataObject = filter?.trim() ? { search_query: filter.trim() } : {};
	return await search.call(this, 'contact_identities/', qs, paginationToken, (item) => ({
		name: label(item.name, item.email) || `Contact ${item.id}`,
		value: String(item.id),
	}));
}

export async function searchOperators(
	this: ILoadOptionsFunctions,
	filter?: string,
	paginationToken?: string,
): Promise<INodeListSearchResult> {
	// The operator list has no search: read pages in name order and match the filter here.
	const result = await search.call(
		this,
		'operators/',
		{ ordering: 'name' },
		paginationToken,
		(item) => ({
			name: label(item.name, item.email) || `Operator ${item.id}`,
			value: String(item.id),
		}),
	);
	const needle = filter?.trim().toLowerCase();
	if (needle) {
		result.results = result.results.filter((item) => item.name.toLowerCase().includes(needle));
	}
	return result;
}

export async function searchNotes(
	this: ILoadOptionsFunctions,
	filter?: string,
	paginationToken?: string,
): Promise<INodeListSearchResult> {
	// The notes list has no search: read pages (newest first) and match the filter here, on the text,
	// the note's ID or the conversation or contact it belongs to.
	const result = await search.call(this, 'notes/', {}, paginationToken, (item) => {
		const text = String(item.body ?? '')
			.replace(/\s+/g, ' ')
			.trim();
		const on = item.conversation_id
			? `conversation ${item.conversation_id}`
			: item.contact_identity_id
				? `contact ${item.contact_identity_id}`
				: '';
		return {
			name: `#${item.id} ${label(text.length > 60 ? `${text.slice(0, 57)}...` : text, on)}`.trim(),
			value: String(item.id),
		};
	});
	const needle = filter?.trim().toLowerCase();
	if (needle) {
		result.results = result.results.filter((item) => item.name.toLowerCase().includes(needle));
	}
	return result;
}
