import type { INodeProperties } from 'n8n-workflow';

export const noteIdProperty: INodeProperties = {
	displayName: 'Note ID',
	name: 'noteId',
	type: 'string',
	default: '',
	required: true,
	placeholder: 'e.g. 42',
	description: 'The ID of the note',
};
