import type {
	IExecuteFunctions,
	INodeExecutionData,
	INodeType,
	INodeTypeDescription,
} from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';

import * as contact from './actions/contact';
import * as conversation from './actions/conversation';
import * as message from './actions/message';
import * as navigationEvent from './actions/navigationEvent';
import * as note from './actions/note';
import * as operator from './actions/operator';
import { router } from './actions/router';
import { USERLIKE_API_CREDENTIAL } from '../shared/jsonApi/constants';
import { requestOptions } from '../shared/jsonApi/descriptions';
import {
	searchContacts,
	searchConversations,
	searchNotes,
	searchOperators,
} from './methods/listSearch';

export class Userlike implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Userlike',
		name: 'userlike',
		icon: { light: 'file:../../icons/userlike.svg', dark: 'file:../../icons/userlike.dark.svg' },
		group: ['transform'],
		version: 1,
		subtitle: '={{$parameter["operation"] + ": " + $parameter["resource"]}}',
		description: 'Read and manage Userlike conversations, messages, notes, contacts and operators',
		defaults: { name: 'Userlike' },
		usableAsTool: true,
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		credentials: [{ name: USERLIKE_API_CREDENTIAL, required: true }],
		properties: [
			{
				displayName: 'Resource',
				name: 'resource',
				type: 'options',
				noDataExpression: true,
				options: [
					{ name: 'Contact', value: 'contact' },
					{ name: 'Conversation', value: 'conversation' },
					{ name: 'Message', value: 'message' },
					{ name: 'Navigation Event', value: 'navigationEvent' },
					{ name: 'Note', value: 'note' },
					{ name: 'Operator', value: 'operator' },
				],
				default: 'conversation',
			},
			...contact.description,
			...conversation.description,
			...message.description,
			...navigationEvent.description,
			...note.description,
			...operator.description,
			requestOptions,
		],
	};

	methods = {
		listSearch: { searchContacts, searchConversations, searchNotes, searchOperators },
	};

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return await router.call(this);
	}
}
