/**
 * Settings and input checks every node's transport shares: the Timeout option (its label and bounds
 * in one place) and the depth of JSON a node sends.
 */
import type { INode, INodeProperties } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { jsonDepth } from './text';

export const DEFAULT_TIMEOUT_SECONDS = 30;

/** A Timeout option's value in seconds, or a NodeOperationError naming where to set it. */
export function readTimeout(node: INode, value: unknown, where: string, itemIndex = 0): number {
	const seconds = Number(value ?? DEFAULT_TIMEOUT_SECONDS);
	if (!Number.isFinite(seconds) || seconds <= 0) {
		throw new NodeOperationError(
			node,
			`Timeout must be a number of seconds above 0, not "${String(value)}"`,
			{ itemIndex, description: `Set ${where} > Timeout (Seconds), e.g. 30. Nothing was sent.` },
		);
	}
	return seconds;
}

/** The Timeout (Seconds) option, in whichever options collection a node keeps it. */
export function timeoutOption(
	description: string,
	extra: Partial<INodeProperties> = {},
): INodeProperties {
	return {
		displayName: 'Timeout (Seconds)',
		name: 'timeout',
		type: 'number',
		typeOptions: { minValue: 1, maxValue: 600 },
		default: DEFAULT_TIMEOUT_SECONDS,
		description,
		...extra,
	};
}

export const MAX_JSON_DEPTH = 64;

/** Refuses JSON nested deeper than MAX_JSON_DEPTH, naming the field (instead of a stack overflow later). */
export function checkJsonDepth(
	node: INode,
	value: unknown,
	field: string,
	itemIndex: number,
): void {
	const depth = jsonDepth(value, MAX_JSON_DEPTH);
	if (depth > MAX_JSON_DEPTH) {
		throw new NodeOperationError(
			node,
			`${field} is nested more than ${MAX_JSON_DEPTH} levels deep`,
			{
				itemIndex,
				description: `Flatten the JSON in "${field}": at most ${MAX_JSON_DEPTH} levels of objects and arrays are sent. Nothing was sent.`,
			},
		);
	}
}
