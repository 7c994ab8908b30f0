/**
 * The workflows the suite builds besides the examples: one per resource of the Userlike node (every
 * operation, run with `n8n execute`), and a chatbot workflow that answers at once and sends its reply
 * to the bot's API URL.
 *
 * An action workflow is a chain: Manual Trigger, then one Userlike node per step. Every step runs once
 * (`executeOnce`) with fixed parameters, and always hands an item on (`alwaysOutputData`), so that the
 * steps run in order whatever the one before returned. Steps that are meant to fail continue with the
 * error as output (`onError: continueRegularOutput`).
 */
import fs from 'node:fs';

import { SEEDED } from '../test/simulator';

const { CREDENTIAL_IDS, EXAMPLES_DIR, loadExample } = require('../scripts/lib/setup.cjs');
const path = require('node:path');

export interface Step {
	name: string;
	parameters: Record<string, unknown>;
	/** which credential: organization 1's token (default) or the customer token acting for organization 2 */
	credential?: 'org1' | 'customer';
	expectError?: boolean;
}

const byId = (value: number | string) => ({ __rl: true, mode: 'id', value: String(value) });

let nodeCounter = 0;
const nodeId = () => `e2e00000-0000-4000-8000-${String(++nodeCounter).padStart(12, '0')}`;

export function actionWorkflow(id: string, name: string, steps: Step[]): any {
	const nodes: any[] = [
		{
			id: nodeId(),
			name: 'Run',
			type: 'n8n-nodes-base.manualTrigger',
			typeVersion: 1,
			position: [0, 0],
			parameters: {},
		},
	];
	const connections: Record<string, any> = {};
	let previous = 'Run';
	steps.forEach((step, index) => {
		const credential =
			step.credential === 'customer' ? CREDENTIAL_IDS.customer : CREDENTIAL_IDS.org1;
		nodes.push({
			id: nodeId(),
			name: step.name,
			type: 'n8n-nodes-userlike.userlike',
			typeVersion: 1,
			position: [220 * (index + 1), 0],
			parameters: step.parameters,
			credentials: { userlikeApi: { id: credential, name: 'sandbox' } },
			executeOnce: true,
			alwaysOutputData: true,
			...(step.expectError ? { onError: 'continueRegularOutput' } : {}),
		});
		connections[previous] = { main: [[{ node: step.name, type: 'main', index: 0 }]] };
		previous = step.name;
	});
	return {
		id,
		name,
		nodes,
		connections,
		settings: { executionOrder: 'v1' },
		pinData: {},
		active: false,
	};
}

export const IDS = {
	contact: 'e2eContact',
	conversation: 'e2eConversation',
	message: 'e2eMessage',
	navigationEvent: 'e2eNavigation',
	note: 'e2eNote',
	operator: 'e2eOperator',
	operatorOrg2: 'e2eOperatorOrg2',
	chatbotApiUrl: 'e2eChatbotApiUrl',
};

/** Contacts the suite deletes (organization 1 has 2001-2040 with the default seed). */
export const DELETED_CONTACT = 2040;
export const DELETED_CONTACTS_MANY = [2038, 2039];
export const DELETED_CONVERSATION = 50002;
export const DELETED_CONVERSATIONS_MANY = [50004, 50005];

export function actionWorkflows(): any[] {
	return [
		actionWorkflow(IDS.contact, 'e2e: contacts', [
			{
				name: 'Contacts: Get Many (All)',
				parameters: {
					resource: 'contact',
					operation: 'getAll',
					returnAll: true,
					filters: {},
					options: {},
				},
			},
			{
				name: 'Contacts: Search',
				parameters: {
					resource: 'contact',
					operation: 'getAll',
					limit: 5,
					filters: { search_query: 'gregor' },
					options: {},
				},
			},
			{
				name: 'Contact: Get',
				parameters: {
					resource: 'contact',
					operation: 'get',
					contactId: byId(SEEDED.davidContactId),
					simplify: false,
				},
			},
			{
				name: 'Contact: Update',
				parameters: {
					resource: 'contact',
					operation: 'update',
					contactId: byId(SEEDED.davidContactId),
					updateFields: { city: 'Bielefeld', country: 'de' },
				},
			},
			{
				name: 'Contact: Delete',
				parameters: { resource: 'contact', operation: 'delete', contactId: byId(DELETED_CONTACT) },
			},
			{
				name: 'Contacts: Delete Many',
				parameters: {
					resource: 'contact',
					operation: 'deleteMany',
					deleteBy: 'ids',
					ids: DELETED_CONTACTS_MANY.join(', '),
					options: {},
				},
			},
			{
				name: 'Contact: Get Deleted',
				parameters: { resource: 'contact', operation: 'get', contactId: byId(DELETED_CONTACT) },
				expectError: true,
			},
		]),
		actionWorkflow(IDS.conversation, 'e2e: conversations', [
			{
				name: 'Conversations: Get Many (All List)',
				parameters: {
					resource: 'conversation',
					operation: 'getAll',
					returnAll: true,
					filters: {},
					options: { list: 'all' },
				},
			},
			{
				name: 'Conversations: Ongoing',
				parameters: {
					resource: 'conversation',
					operation: 'getAll',
					limit: 10,
					filters: { status: 'open' },
					options: { ordering: 'id' },
				},
			},
			{
				name: 'Conversation: Get',
				parameters: {
					resource: 'conversation',
					operation: 'get',
					conversationId: byId(SEEDED.firstConversationId),
				},
			},
			{
				name: 'Conversation: Delete',
				parameters: {
					resource: 'conversation',
					operation: 'delete',
					conversationId: byId(DELETED_CONVERSATION),
				},
			},
			{
				name: 'Conversation: Delete Ongoing',
				parameters: {
					resource: 'conversation',
					operation: 'delete',
					conversationId: byId(SEEDED.ongoingConversationIds[0]),
				},
				expectError: true,
			},
			{
				name: 'Conversations: Delete Many',
				parameters: {
					resource: 'conversation',
					operation: 'deleteMany',
					deleteBy: 'ids',
					ids: DELETED_CONVERSATIONS_MANY.join(','),
					options: {},
				},
			},
		]),
		actionWorkflow(IDS.message, 'e2e: messages', [
			{
				name: 'Messages: Get All',
				parameters: {
					resource: 'message',
					operation: 'getAll',
					conversationId: byId(SEEDED.firstConversationId),
					returnAll: true,
					filters: {},
					options: {},
				},
			},
			{
				name: 'Messages: First 3, Oldest First',
				parameters: {
					resource: 'message',
					operation: 'getAll',
					conversationId: byId(SEEDED.firstConversationId),
					limit: 3,
					filters: {},
					options: { ordering: 'id' },
				},
			},
		]),
		actionWorkflow(IDS.navigationEvent, 'e2e: navigation events', [
			{
				name: 'Navigation: Get All',
				parameters: {
					resource: 'navigationEvent',
					operation: 'getAll',
					returnAll: true,
					options: {},
				},
			},
		]),
		actionWorkflow(IDS.note, 'e2e: notes', [
			{
				name: 'Note: Create',
				parameters: {
					resource: 'note',
					operation: 'create',
					target: 'conversation',
					conversationId: byId(SEEDED.firstConversationId),
					body: 'Called back, issue solved (e2e)',
					options: {},
				},
			},
			{
				name: 'Note: Create on Contact',
				parameters: {
					resource: 'note',
					operation: 'create',
					target: 'contact',
					contactId: byId(SEEDED.annaContactId),
					body: 'Prefers email (e2e)',
					options: {},
				},
			},
			{
				name: 'Notes: Of Conversation',
				parameters: {
					resource: 'note',
					operation: 'getAll',
					returnAll: true,
					filters: { conversation_id: SEEDED.firstConversationId },
					options: {},
				},
			},
			{
				name: 'Note: Get',
				parameters: {
					resource: 'note',
					operation: 'get',
					noteId: '={{ $("Note: Create").first().json.id }}',
				},
			},
			{
				name: 'Note: Delete',
				parameters: {
					resource: 'note',
					operation: 'delete',
					noteId: '={{ $("Note: Create").first().json.id }}',
				},
			},
		]),
		actionWorkflow(IDS.operator, 'e2e: operators', [
			{
				name: 'Operators: Get Many',
				parameters: {
					resource: 'operator',
					operation: 'getAll',
					returnAll: true,
					filters: {},
					options: {},
				},
			},
			{
				name: 'Operator: Get',
				parameters: { resource: 'operator', operation: 'get', operatorId: byId(SEEDED.operatorId) },
			},
			{
				name: 'Operator: Get Slots',
				parameters: {
					resource: 'operator',
					operation: 'getSlots',
					operatorId: byId(SEEDED.operatorId),
				},
			},
			{
				name: 'Operator: Set Away',
				parameters: {
					resource: 'operator',
					operation: 'setAway',
					operatorId: byId(SEEDED.operatorId),
					away: true,
				},
			},
			{
				name: 'Operator: Update',
				parameters: {
					resource: 'operator',
					operation: 'update',
					operatorId: byId(SEEDED.operator2Id),
					updateFields: { out_of_office: true },
				},
			},
			{
				name: 'Operator: Delete',
				parameters: {
					resource: 'operator',
					operation: 'delete',
					operatorId: byId(SEEDED.operator2Id),
				},
			},
			{
				name: 'Operator: Delete Owner',
				parameters: {
					resource: 'operator',
					operation: 'delete',
					operatorId: byId(SEEDED.ownerOperatorId),
				},
				expectError: true,
			},
		]),
		actionWorkflow(IDS.operatorOrg2, 'e2e: customer token for organization 2', [
			{
				name: 'Org 2: Operators',
				credential: 'customer',
				parameters: {
					resource: 'operator',
					operation: 'getAll',
					returnAll: true,
					filters: {},
					options: {},
				},
			},
			{
				name: 'Org 2: Contacts',
				credential: 'customer',
				parameters: {
					resource: 'contact',
					operation: 'getAll',
					returnAll: true,
					filters: {},
					options: {},
				},
			},
		]),
	];
}

/**
 * A bot that answers Userlike's webhook call at once (empty body) and sends its reply later, to the
 * bot's API URL with the security token: the path for slow work.
 */
export function apiUrlBotWorkflow(): any {
	return {
		id: IDS.chatbotApiUrl,
		name: 'e2e: chatbot replies through the API URL',
		nodes: [
			{
				id: nodeId(),
				name: 'Chatbot Trigger',
				type: 'n8n-nodes-userlike.userlikeChatbotTrigger',
				typeVersion: 1,
				position: [0, 0],
				webhookId: 'e2e0a1b2-c3d4-4e5f-8a9b-a91011121314',
				parameters: { events: ['message'], responseMode: 'onReceived' },
				credentials: { userlikeChatbotApi: { id: CREDENTIAL_IDS.chatbot, name: 'sandbox' } },
			},
			{
				id: nodeId(),
				name: 'Reply Later',
				type: 'n8n-nodes-userlike.userlikeChatbot',
				typeVersion: 1,
				position: [220, 0],
				parameters: {
					delivery: 'apiUrl',
					cid: '={{ $json.cid }}',
					event: 'message',
					body: '=Order {{ $json.payload.body }} has shipped.',
					context: '={{ JSON.stringify({ order: $json.payload.body }) }}',
					options: {},
				},
				credentials: { userlikeChatbotApi: { id: CREDENTIAL_IDS.chatbot, name: 'sandbox' } },
			},
		],
		connections: {
			'Chatbot Trigger': { main: [[{ node: 'Reply Later', type: 'main', index: 0 }]] },
		},
		settings: { executionOrder: 'v1' },
		pinData: {},
		active: false,
	};
}

/** A poll every 5 seconds (n8n refuses cron expressions whose seconds field has a `*`, not a list). */
export const EVERY_5_SECONDS = '0,5,10,15,20,25,30,35,40,45,50,55 * * * * *';

/**
 * The shortest poll interval the host's n8n accepts: every 5 seconds, or every minute where n8n-core
 * refuses every sub-minute cron ("The polling interval is too short. It has to be at least a minute."
 * with `isSubMinuteCron`, e.g. n8n 2.41). n8n 2.8 and 1.85 have the same message but refuse only a `*`
 * in the seconds field, so a list of seconds polls every 5 s there.
 */
export function shortestPoll(): { cronExpression: string; ms: number } {
	const { HOST_DIR } = require('../scripts/lib/host.cjs');
	const core = path.join(HOST_DIR, 'node_modules', 'n8n-core');
	// Only an installed host can tell (ensureHost): a guess of 5 s made before the install of a host that
	// polls every minute left the waits too short (CI, on a fresh n8n-host-latest/).
	if (!fs.existsSync(path.join(core, 'package.json'))) {
		throw new Error(`shortestPoll(): ${HOST_DIR} is not installed yet; call it after ensureHost()`);
	}
	const engine = path.join(core, 'dist', 'execution-engine');
	const refusesSubMinute = fs
		.readdirSync(engine)
		.filter((file) => file.endsWith('.js'))
		.map((file) => fs.readFileSync(path.join(engine, file), 'utf8'))
		.some(
			(code) => code.includes('polling interval is too short') && code.includes('isSubMinuteCron'),
		);
	return refusesSubMinute
		? { cronExpression: '0 * * * * *', ms: 60_000 }
		: { cronExpression: EVERY_5_SECONDS, ms: 5_000 };
}

/**
 * A copy of the example "sync updated conversations to a spreadsheet-like sink"
 * (examples/conversation-sync-sheet.json) with its own ID and node IDs, polling as often as the
 * host's n8n allows (`shortestPoll()`).
 */
export function sheetSyncShortestPoll(sandboxUrl: string, id: string, name: string): any {
	const example = loadExample(path.join(EXAMPLES_DIR, 'conversation-sync-sheet.json'), sandboxUrl);
	const copy = JSON.parse(JSON.stringify(example));
	copy.id = id;
	copy.name = name;
	for (const node of copy.nodes) {
		node.id = `${node.id.slice(0, -3)}9${node.id.slice(-2)}`;
		if (node.type === 'n8n-nodes-userlike.userlikeConversationTrigger') {
			node.parameters.pollTimes = {
				item: [{ mode: 'custom', cronExpression: shortestPoll().cronExpression }],
			};
		}
	}
	return copy;
}
