import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

/**
 * What every Update operation sends: the fields of its Update Fields collection, checked so that a
 * blank value never erases data by accident. A value that is empty or only whitespace (typed, or from
 * an expression that resolved to "  ", null or nothing) is refused with the field and the item named,
 * unless the field is listed in Clear Fields (off by default: an empty list), which sends "" for it
 * on purpose. Userlike's PATCH stores what it is sent ("Contact single endpoint - PATCH",
 * https://www.userlike.com/en/public/tutorial/um/api/intro), so "" would erase the stored value.
 */

/** The Clear Fields parameter of an Update operation whose collection has text fields. */
export function clearFieldsProperty(collection: INodeProperties, thing: string): INodeProperties {
	const textFields = (collection.options as INodeProperties[]).filter(
		(field) => field.type === 'string',
	);
	return {
		displayName: 'Clear Fields',
		name: 'clearFields',
		type: 'multiOptions',
		default: [],
		options: textFields
			.map((field) => ({ name: field.displayName, value: field.name }))
			.sort((a, b) => a.name.localeCompare(b.name)),
		description: `Fields to erase in the ${thing} (sent empty). Without this, an empty value in Update Fields (or one of only spaces, e.g. from an expression) is refused and nothing is sent.`,
	};
}

function isBlank(value: unknown): boolean {
	return value === undefined || value === null || (typeof value === 'string' && !value.trim());
}

/**
 * The body of an Update: the Update Fields of `itemIndex` (text trimmed), refusing blank values
 * unless listed in Clear Fields, plus "" for every field listed there. `thing`: e.g. "contact".
 */
export function updateBody(
	this: IExecuteFunctions,
	itemIndex: number,
	collection: INodeProperties,
	thing: string,
): IDataObject {
	const fields = this.getNodeParameter('updateFields', itemIndex, {}) as IDataObject;
	const labels = new Map(
		(collection.options as INodeProperties[]).map((field) => [field.name, field.displayName]),
	);
	const clearable = (collection.options as INodeProperties[]).some(
		(field) => field.type === 'string',
	);
	const clear = clearable
		? ((this.getNodeParameter('clearFields', itemIndex, []) as string[]) ?? [])
		: [];
	const label = (key: string) => labels.get(key) ?? key;
	const body: IDataObject = {};
	for (const [key, value] of Object.entries(fields)) {
		if (isBlank(value)) {
			if (clear.includes(key)) continue;
			throw new NodeOperationError(
				this.getNode(),
				`Update Fields > ${label(key)} is empty (item ${itemIndex})`,
				{
					itemIndex,
					description: `The value is empty or only spaces (an expression may have resolved to nothing); sending it would erase the ${thing}'s ${label(key)} in Userlike. Nothing was sent. Give a value or remove ${label(key)} from Update Fields${
						clearable ? `; to erase it on purpose, add ${label(key)} to Clear Fields` : ''
					}.`,
				},
			);
		}
		if (clear.includes(key)) {
			throw new NodeOperationError(
				this.getNode(),
				`${label(key)} is both set in Update Fields and listed in Clear Fields (item ${itemIndex})`,
				{
					itemIndex,
					description: `Either set ${label(key)} to a value or erase it, not both. Nothing was sent.`,
				},
			);
		}
		body[key] = typeof value === 'string' ? value.trim() : value;
	}
	for (const key of clear) {
		if (!labels.has(key)) continue;
		body[key] = '';
	}
	return body;
}
