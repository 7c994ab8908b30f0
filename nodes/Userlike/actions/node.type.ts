import type { AllEntities } from 'n8n-workflow';

/**
 * Every resource of the Userlike node with its operations (the `value`s of the Resource and Operation
 * options), as n8n's Airtable v2 `node.type.ts`. The router's table is typed by this map, so an
 * operation missing from a resource folder, or misspelled in either place, fails to compile.
 */
export type UserlikeMap = {
	contact: 'delete' | 'deleteMany' | 'get' | 'getAll' | 'update';
	conversation: 'delete' | 'deleteMany' | 'get' | 'getAll';
	message: 'getAll';
	navigationEvent: 'getAll';
	note: 'create' | 'delete' | 'get' | 'getAll';
	operator: 'delete' | 'get' | 'getAll' | 'getSlots' | 'setAway' | 'update';
};

export type UserlikeType = AllEntities<UserlikeMap>;
