import type {
	IDataObject,
	IExecuteFunctions,
	INodeExecutionData,
	INodeType,
	INodeTypeDescription,
} from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';

import { asNodeError, failedItemJson } from '../shared/http';
import { CHATBOT_CREDENTIAL } from '../shared/webhook/secret';
import type { BatchResult, SessionBatch } from './transport';
import { batchBySession, checkPacing, openChatbotSession, sendBatch } from './transport';
import type { BuiltItem, Delivery } from './build';
import { buildItem, CARRIED_EVENTS_FIELD, checkRespondingTrigger, outputJson } from './build';
import { properties } from './description';

export class UserlikeChatbot implements INodeType {
	description: INodeTypeDescription = {
		// "Userlike Chatbot": n8n's nodes panel shows this node and the Userlike Chatbot Trigger as one
		// entry of that name, listing the trigger's events and this node's actions (version 2).
		displayName: 'Userlike Chatbot',
		name: 'userlikeChatbot',
		icon: { light: 'file:../../icons/userlike.svg', dark: 'file:../../icons/userlike.dark.svg' },
		group: ['output'],
		// 2: the event parameter is named `operation` (n8n lists a node's actions from it); 1 keeps `event`.
		version: [1, 2],
		defaultVersion: 2,
		subtitle: '={{$parameter["operation"] || $parameter["event"]}}',
		description:
			'Answer a Userlike chatbot conversation: messages, buttons, carousels, navigation, contact updates and forwards',
		defaults: { name: 'Userlike Chatbot Reply' },
		usableAsTool: true,
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		credentials: [
			{
				name: CHATBOT_CREDENTIAL,
				required: true,
				displayOptions: { show: { delivery: ['apiUrl'] } },
			},
		],
		properties,
	};

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		const items = this.getInputData();
		const delivery = this.getNodeParameter('delivery', 0) as Delivery;
		const continueOnFail = this.continueOnFail();

		// 1. Build and validate every event before anything is sent.
		const built: BuiltItem[] = [];
		const failed = new Map<number, INodeExecutionData>();
		for (let itemIndex = 0; itemIndex < items.length; itemIndex++) {
			try {
				built.push(buildItem.call(this, items[itemIndex], itemIndex));
			} catch (error) {
				if (!continueOnFail) throw asNodeError(this.getNode(), error, itemIndex);
				failed.set(itemIndex, { json: failedItemJson(error), pairedItem: { item: itemIndex } });
			}
		}

		const results = new Map<number, INodeExecutionData>();

		// 2. Deliver.
		if (delivery === 'nextNode') {
			for (const entry of built) {
				results.set(entry.itemIndex, {
					json: {
						...items[entry.itemIndex].json,
						[CARRIED_EVENTS_FIELD]: entry.events as unknown as IDataObject[],
					},
					pairedItem: { item: entry.itemIndex },
				});
			}
		} else if (delivery === 'webhookResponse') {
			if (built.length) {
				checkRespondingTrigger.call(this);
				// Userlike reads the response body as the list of events to trigger, and needs a 200.
				this.sendResponse({
					body: built.flatMap((entry) => entry.events) as unknown as IDataObject[],
					headers: { 'content-type': 'application/json; charset=utf-8' },
					statusCode: 200,
				});
			}
			for (const entry of built) {
				results.set(entry.itemIndex, {
					json: outputJson(entry, delivery),
					pairedItem: { item: entry.itemIndex },
				});
			}
		} else {
			const options = this.getNodeParameter('options', 0, {}) as IDataObject;
			const session = await openChatbotSession.call(this, options);
			const batches = batchBySession(built);
			checkPacing.call(this, session.apiUrl, batches, session.maxWaitSeconds);
			const byItem = new Map<number, BatchResult>();
			const sent: string[] = [];
			for (const batch of batches) {
				let result: BatchResult;
				try {
					result = await sendBatch.call(this, session, batch, sent);
				} catch (error) {
					if (!continueOnFail) throw asNodeError(this.getNode(), error, batch.itemIndexes[0]);
					markFailed(batch, error, failed);
					continue;
				}
				sent.push(batch.cid);
				for (const itemIndex of batch.itemIndexes) byItem.set(itemIndex, result);
			}
			for (const entry of built) {
				const result = byItem.get(entry.itemIndex);
				if (!result || failed.has(entry.itemIndex)) continue;
				results.set(entry.itemIndex, {
					json: outputJson(entry, delivery, {
						statusCode: result.statusCode,
						response: (result.body ?? '') as IDataObject,
					}),
					pairedItem: { item: entry.itemIndex },
				});
			}
		}

		const output: INodeExecutionData[] = [];
		for (let itemIndex = 0; itemIndex < items.length; itemIndex++) {
			const item = failed.get(itemIndex) ?? results.get(itemIndex);
			if (item) output.push(item);
		}
		return [output];
	}
}

function markFailed(batch: SessionBatch, error: unknown, failed: Map<number, INodeExecutionData>) {
	for (const itemIndex of batch.itemIndexes) {
		failed.set(itemIndex, { json: failedItemJson(error), pairedItem: { item: itemIndex } });
	}
}
