import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { deleteById, forEachItem, getId } from '../../helpers/utils';
import { noteIdProperty } from './fields';

const properties: INodeProperties[] = [noteIdProperty];

const displayOptions = { show: { resource: ['note'], operation: ['delete'] } };

export const description = updateDisplayOptions(displayOptions, properties);

export async function execute(this: IExecuteFunctions, items: INodeExecutionData[]) {
	return await forEachItem.call(this, items, async (itemIndex) => {
		const id = getId.call(this, 'noteId', itemIndex, 'note');
		return await deleteById.call(this, 'notes', id, itemIndex, 'note');
	});
}
