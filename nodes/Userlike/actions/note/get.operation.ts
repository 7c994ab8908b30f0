import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { forEachItem, getId } from '../../helpers/utils';
import { userlikeApiRequest } from '../../../shared/jsonApi/transport';
import { noteIdProperty } from './fields';

const properties: INodeProperties[] = [noteIdProperty];

const displayOptions = { show: { resource: ['note'], operation: ['get'] } };

export const description = updateDisplayOptions(displayOptions, properties);

export async function execute(this: IExecuteFunctions, items: INodeExecutionData[]) {
	return await forEachItem.call(this, items, async (itemIndex) => {
		const id = getId.call(this, 'noteId', itemIndex, 'note');
		return await userlikeApiRequest.call(this, 'GET', `notes/${id}/`, {
			itemIndex,
			subject: `note with ID ${id}`,
		});
	});
}
