/**
 * "Fetch Test Event" of the Userlike Conversation Trigger (manual mode): one sample as a poll would
 * emit it.
 */
import type { IDataObject, INodeExecutionData, IPollFunctions } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { MAX_PAGE_SIZE } from '../shared/jsonApi/constants';
import { conversationSimplifiedKeys } from '../shared/jsonApi/conversationFields';
import { userlikeApiRequestAllItems } from '../shared/jsonApi/pagination';
import { simplify } from '../shared/jsonApi/query';
import type { PollSettings } from './changes';
import { conversationId, filterQuery } from './changes';

/** How many recently changed conversations Fetch Test Event reads (one request) to pick a sample. */
const SAMPLE_CANDIDATES = 10;

/**
 * "Fetch Test Event": the most recent conversation matching the filters (1 request; 2 with Include
 * New Messages: its latest 100 messages). The newest by ID for New Conversation, else the one with
 * the latest message (`ordering=-last_message_sent_at`; the list has no ordering by `updated_at`):
 * for Updated Conversation the latest one past status `new`; for New or Updated the latest one, as
 * `newConversation` while its status is still `new`.
 */

export async function sampleChange(
	this: IPollFunctions,
	settings: PollSettings,
): Promise<INodeExecutionData[]> {
	const filters = filterQuery.call(this, settings);
	// A sample that reads like a poll's output: a new conversation is the newest one; a change is the
	// latest message in a conversation someone works on (not one still "new", waiting for an operator).
	const latestChange = settings.event !== 'newConversation';
	const listed = await userlikeApiRequestAllItems.call(this, {
		endpoint: 'conversations/',
		qs: latestChange ? { ...filters, ordering: '-last_message_sent_at' } : filters,
		returnAll: false,
		limit: latestChange ? SAMPLE_CANDIDATES : 1,
	});
	if (!listed.length) {
		throw new NodeOperationError(this.getNode(), 'No conversation matches the filters', {
			description:
				'Userlike listed no conversation for these filters, so there is no test event. Widen the filters, or start a conversation in Userlike and fetch again.',
		});
	}
	const conversation =
		settings.event === 'updatedConversation'
			? (listed.find((c) => c.status !== 'new') ?? listed[0])
			: listed[0];
	const isNew =
		settings.event === 'newConversation' ||
		(settings.event === 'newOrUpdated' && conversation.status === 'new');
	const json: IDataObject = {
		...(settings.simplify ? simplify(conversation, conversationSimplifiedKeys) : conversation),
		event: isNew ? 'newConversation' : 'updatedConversation',
	};
	if (settings.includeNewMessages) {
		const id = conversationId(conversation);
		const latest = await userlikeApiRequestAllItems.call(this, {
			endpoint: `conversations/${id}/messages/`,
			qs: { ordering: '-id' },
			returnAll: false,
			limit: MAX_PAGE_SIZE,
			subject: `conversation with ID ${id}`,
		});
		json.new_messages = latest.reverse();
	}
	return [{ json }];
}
