/**
 * Reads one input item of the Userlike Chatbot Reply node into events: the events handed on by earlier
 * Userlike Chatbot Reply nodes, then this node's own, built from its parameters and validated by events.ts.
 */
import type { IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { jsonParse, NodeOperationError } from 'n8n-workflow';

import { asNodeError, checkJsonDepth } from '../shared/http';
import { eventParameter } from './description';
import type { ChatbotEvent, ReplyEventType } from './events';
import {
	buildEvent,
	EVENT_LABELS,
	EventValidationError,
	parseCarriedEvents,
	REPLY_EVENT_TYPES,
} from './events';

export type Delivery = 'webhookResponse' | 'apiUrl' | 'nextNode';

/** The item field that carries events from a node set to "Add to Next Userlike Chatbot Reply Node". */
export const CARRIED_EVENTS_FIELD = 'userlikeChatbotEvents';

export const TRIGGER_TYPE = 'userlikeChatbotTrigger';

export interface BuiltItem {
	itemIndex: number;
	/** Events handed on by earlier nodes, then this node's own. */
	events: ChatbotEvent[];
	own: ChatbotEvent;
}

function parseJsonParameter(
	this: IExecuteFunctions,
	name: string,
	label: string,
	value: unknown,
	itemIndex: number,
): unknown {
	if (typeof value !== 'string') {
		checkJsonDepth(this.getNode(), value, label, itemIndex);
		return value;
	}
	if (!value.trim()) return undefined;
	let parsed: unknown;
	try {
		parsed = jsonParse(value);
	} catch {
		throw new NodeOperationError(this.getNode(), `${label} is not valid JSON`, {
			itemIndex,
			description: `Check the syntax of the "${label}" parameter (${name}). Nothing was sent.`,
		});
	}
	// Deep JSON would overflow the stack when it is measured or sent: refuse it with the field's name.
	checkJsonDepth(this.getNode(), parsed, label, itemIndex);
	return parsed;
}

function isJsonObject(value: unknown): value is Record<string, unknown> {
	return value !== null && typeof value === 'object' && !Array.isArray(value);
}

function text(value: unknown): string | undefined {
	if (value === undefined || value === null) return undefined;
	const trimmed = String(value).trim();
	return trimmed ? trimmed : undefined;
}

/** Reads the parameters of one item into an event payload (not yet validated). */
function payloadFromParameters(
	this: IExecuteFunctions,
	type: ReplyEventType,
	itemIndex: number,
): Record<string, unknown> {
	const get = (name: string, fallback: unknown = '') =>
		this.getNodeParameter(name, itemIndex, fallback) as unknown;
	switch (type) {
		case 'message':
			return { body: get('body') };
		case 'bubbles': {
			const collection = get('bubbleOptions', {}) as { option?: IDataObject[] };
			return {
				body: get('body'),
				options: (collection.option ?? []).map((option) => ({ title: option.title ?? '' })),
			};
		}
		case 'carousel': {
			const collection = get('carouselOptions', {}) as { option?: IDataObject[] };
			const payload: Record<string, unknown> = {
				options: (collection.option ?? []).map((option) => ({
					title: option.title ?? '',
					image_url: option.imageUrl ?? '',
				})),
			};
			const body = text(get('body'));
			if (body !== undefined) payload.body = body;
			return payload;
		}
		case 'navigate':
			return { url: get('url'), fallback: get('fallback') };
		case 'contact_update': {
			const fields = get('contactFields', {}) as IDataObject;
			// A field added but empty (e.g. an expression that resolved to "  ") is refused, not dropped:
			// the workflow would take the contact as updated.
			const labels: Record<string, [string, string]> = {
				name: ['Name', 'name'],
				email: ['Email', 'email'],
				mobileNumber: ['Mobile Number', 'mobile_number'],
			};
			for (const [key, [label, sent]] of Object.entries(labels)) {
				if (key in fields && text(fields[key]) === undefined) {
					throw new EventValidationError(label, 'is empty', `packet.payload.${sent}`);
				}
			}
			const payload: Record<string, unknown> = {};
			const name = text(fields.name);
			const email = text(fields.email);
			const mobileNumber = text(fields.mobileNumber);
			if (name !== undefined) payload.name = name;
			if (email !== undefined) payload.email = email;
			if (mobileNumber !== undefined) payload.mobile_number = mobileNumber;
			return payload;
		}
		case 'forward_group':
			return { group_id: text(get('groupId')) };
		case 'custom': {
			const payload = parseJsonParameter.call(
				this,
				'customPayload',
				'Payload (JSON)',
				get('customPayload', '{}'),
				itemIndex,
			);
			if (payload === undefined) return {};
			if (!isJsonObject(payload)) {
				throw new EventValidationError('Payload (JSON)', 'must be a JSON object', 'packet.payload');
			}
			return payload;
		}
		default:
			return {};
	}
}

export function buildItem(
	this: IExecuteFunctions,
	item: INodeExecutionData,
	itemIndex: number,
): BuiltItem {
	const type = this.getNodeParameter(
		eventParameter(this.getNode().typeVersion),
		itemIndex,
	) as ReplyEventType;
	const label = EVENT_LABELS[type] ?? String(type);
	try {
		const carried =
			item.json[CARRIED_EVENTS_FIELD] === undefined
				? []
				: parseCarriedEvents(item.json[CARRIED_EVENTS_FIELD]);
		if (!REPLY_EVENT_TYPES.includes(type)) {
			throw new EventValidationError(
				'Event',
				`"${String(type)}" is not one of ${REPLY_EVENT_TYPES.join(', ')}`,
				'packet.event',
			);
		}
		const options = this.getNodeParameter('options', itemIndex, {}) as IDataObject;
		const additional = parseJsonParameter.call(
			this,
			'options.additionalPayload',
			'Additional Payload Fields (JSON)',
			options.additionalPayload,
			itemIndex,
		);
		if (additional !== undefined && !isJsonObject(additional)) {
			throw new EventValidationError(
				'Additional Payload Fields (JSON)',
				'must be a JSON object',
				'packet.payload',
			);
		}
		const context = parseJsonParameter.call(
			this,
			'context',
			'Context',
			this.getNodeParameter('context', itemIndex, ''),
			itemIndex,
		);
		const own = buildEvent({
			cid: this.getNodeParameter('cid', itemIndex, ''),
			type,
			eventName:
				type === 'custom' ? this.getNodeParameter('customEventName', itemIndex, '') : undefined,
			payload: {
				...payloadFromParameters.call(this, type, itemIndex),
				...((additional as IDataObject | undefined) ?? {}),
			},
			context,
		});
		return { itemIndex, events: [...carried, own], own };
	} catch (error) {
		if (error instanceof EventValidationError) {
			const carried = error.path.startsWith(CARRIED_EVENTS_FIELD);
			throw new NodeOperationError(
				this.getNode(),
				carried
					? `The events handed on by an earlier Userlike Chatbot Reply node are invalid: ${error.message}`
					: `${label}: ${error.message}`,
				{
					itemIndex,
					description: carried
						? `The item's ${CARRIED_EVENTS_FIELD} field (${error.path}) was changed on the way. Nothing was sent.`
						: `The field ${error.field || 'of the event'} (${error.path || 'packet'}) is invalid. Nothing was sent.`,
				},
			);
		}
		throw asNodeError(this.getNode(), error, itemIndex);
	}
}

/** Fails unless a Userlike Chatbot Trigger before this node waits for its answer. */
export function checkRespondingTrigger(this: IExecuteFunctions): void {
	const triggers = this.getParentNodes(this.getNode().name, { includeNodeParameters: true }).filter(
		(node) => node.type.split('.').pop() === TRIGGER_TYPE && !node.disabled,
	);
	if (!triggers.length) {
		throw new NodeOperationError(this.getNode(), 'No Userlike Chatbot Trigger before this node', {
			description:
				'"Respond to Chatbot Webhook" answers the webhook call of a Userlike Chatbot Trigger in the same workflow. Add one, or choose "Send to API URL".',
		});
	}
	if (
		!triggers.some((node) => (node.parameters?.responseMode ?? 'responseNode') === 'responseNode')
	) {
		throw new NodeOperationError(
			this.getNode(),
			'The Userlike Chatbot Trigger has already answered',
			{
				description: `"${triggers[0].name}" responds immediately, so Userlike would never see these events. Set its Respond parameter to "Using Userlike Chatbot Reply Node", or choose "Send to API URL".`,
			},
		);
	}
}

export function outputJson(
	built: BuiltItem,
	delivery: Delivery,
	extra: IDataObject = {},
): IDataObject {
	const { own } = built;
	const json: IDataObject = {
		delivery,
		cid: own.info.cid,
		event: own.packet.event,
		payload: own.packet.payload as IDataObject,
	};
	if (own.info.context) json.context = own.info.context as IDataObject;
	json.events = built.events as unknown as IDataObject[];
	return { ...json, ...extra };
}
