import type { INodeProperties } from 'n8n-workflow';

import { noteLocator } from '../../../shared/jsonApi/descriptions';

/** Note Get and Delete: From List (the notes list, newest first, matched on text or ID) or By ID. */
export const noteIdProperty: INodeProperties = noteLocator;
