import type { IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import * as contact from './contact';
import * as conversation from './conversation';
import * as message from './message';
import * as navigationEvent from './navigationEvent';
import type { UserlikeMap, UserlikeType } from './node.type';
import * as note from './note';
import * as operator from './operator';

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
	const handler = find(userlikeNodeData);
	if (!handler) {
		throw new NodeOperationError(
			this.getNode(),
			`The operation "${userlikeNodeData.operation}" of resource "${userlikeNodeData.resource}" is not supported`,
		);
	}
	return [await handler.execute.call(this, items)];
}
