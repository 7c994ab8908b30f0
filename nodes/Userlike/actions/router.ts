import type { IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import * as contact from './contact';
import * as conversation from './conversation';
import * as message from './message';
import * as navigationEvent from './navigationEvent';
import type { UserlikeMap, UserlikeType } from './node.type';
import * as note from './note';
import * as operator from './operator';

/** The option n8n adds to Resource and Operation when the credential has an `authenticate`. */
const CUSTOM_API_CALL = '__CUSTOM_API_CALL__';

type Operation = {
	execute: (this: IExecuteFunctions, items: INodeExecutionData[]) => Promise<INodeExecutionData[]>;
};

/** resource → operation → its module: each resource folder must export every operation of the map. */
const operations: { [R in keyof UserlikeMap]: Record<UserlikeMap[R], Operation> } = {
	contact,
	conversation,
	message,
	navigationEvent,
	note,
	operator,
};

function find({ resource, operation }: UserlikeType): Operation | undefined {
	if (!Object.prototype.hasOwnProperty.call(operations, resource)) return undefined;
	const byOperation: Partial<Record<string, Operation>> = operations[resource];
	return Object.prototype.hasOwnProperty.call(byOperation, operation)
		? byOperation[operation]
		: undefined;
}

export async function router(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	const items = this.getInputData();
	// A workflow's JSON may hold any string here (e.g. written by hand): checked below.
	const userlikeNodeData = {
		resource: this.getNodeParameter('resource', 0),
		operation: this.getNodeParameter('operation', 0),
	} as UserlikeType;
	if ([userlikeNodeData.resource, userlikeNodeData.operation].includes(CUSTOM_API_CALL as never)) {
		throw new NodeOperationError(this.getNode(), 'Custom API Call runs in an HTTP Request node', {
			description:
				'Add an HTTP Request node with Authentication "Predefined Credential Type" and Credential Type "Userlike API": it sends the token (and the organization and operator IDs, if set) to any Userlike endpoint, e.g. GET https://api.userlike.com/api/um/v3/conversations/.',
		});
	}
	const handler = find(userlikeNodeData);
	if (!handler) {
		throw new NodeOperationError(
			this.getNode(),
			`The operation "${userlikeNodeData.operation}" of resource "${userlikeNodeData.resource}" is not supported`,
		);
	}
	return [await handler.execute.call(this, items)];
}
