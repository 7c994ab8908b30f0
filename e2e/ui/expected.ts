/**
 * What the editor should show of this package, generated from the built node descriptions (dist/, the
 * files n8n loads), so that the editor suite follows the code instead of copying its wording.
 *
 * The nodes panel follows n8n's node creator (editor-ui's generateMergedNodesAndActions, the same in
 * n8n 2.8 and 2.41): every node that is not a trigger is an entry, its actions are its operations (per
 * resource); a trigger `xTrigger` joins the entry of `x` when `x` has actions (the entry keeps `x`'s
 * name and shows the trigger's description), and is an entry of its own otherwise. A trigger's
 * events are the options of its "Event"/"Events"/"Trigger On" parameter; an entry that lists them is
 * named without "Trigger".
 */
import path from 'node:path';

import type { INodeProperties, INodeTypeDescription } from 'n8n-workflow';

const ROOT = path.resolve(__dirname, '..', '..');
const PACKAGE = require(path.join(ROOT, 'package.json'));
export const PACKAGE_NAME: string = PACKAGE.name;

/** The package's node descriptions as n8n loads them (the default version of versioned nodes). */
export function builtDescriptions(): INodeTypeDescription[] {
	return (PACKAGE.n8n.nodes as string[]).map((file) => {
		const exported = require(path.join(ROOT, file));
		const NodeClass = Object.values(exported)[0] as new () => any;
		const node = new NodeClass();
		if (node.nodeVersions) {
			const version = node.currentVersion ?? node.description.defaultVersion;
			return node.nodeVersions[version].description as INodeTypeDescription;
		}
		return node.description as INodeTypeDescription;
	});
}

/** The credential types the package defines (package.json `n8n.credentials`), with display names. */
export function builtCredentials(): Array<{ name: string; displayName: string; test: boolean }> {
	return (PACKAGE.n8n.credentials as string[]).map((file) => {
		const exported = require(path.join(ROOT, file));
		const CredentialClass = Object.values(exported)[0] as new () => any;
		const credential = new CredentialClass();
		return {
			name: credential.name,
			displayName: credential.displayName,
			test: Boolean(credential.test),
		};
	});
}

/** The `test` of one of the package's credential types, as built. */
export function builtCredentialTest(name: string): any {
	for (const file of PACKAGE.n8n.credentials as string[]) {
		const exported = require(path.join(ROOT, file));
		const CredentialClass = Object.values(exported)[0] as new () => any;
		const credential = new CredentialClass();
		if (credential.name === name) return credential.test;
	}
	return undefined;
}

const isTrigger = (d: INodeTypeDescription) => d.group.includes('trigger');
const realOptions = (p: INodeProperties | undefined) =>
	(p?.options ?? []).filter((o: any) => !['*', '', ' '].includes(o.name));

/** The actions n8n lists for a node that is not a trigger. */
function actionCount(d: INodeTypeDescription): number {
	const resource = d.properties.find((p) => p.name === 'resource');
	if (!resource) {
		const operation = d.properties.find((p) => p.name?.toLowerCase() === 'operation');
		return realOptions(operation).length;
	}
	const resources = (resource.options ?? []).filter(
		(o: any) => o.value !== '__CUSTOM_API_CALL__',
	) as Array<{ value: string }>;
	let count = 0;
	for (const option of resources) {
		const operations = d.properties.find(
			(p) =>
				p.name === 'operation' &&
				((p.displayOptions?.show?.resource as string[] | undefined)?.includes(option.value) ??
					resources.length === 1),
		);
		count += operations?.options?.length ?? 0;
	}
	return count;
}

/** The events n8n lists for a trigger (one "On new … event" placeholder when it has none). */
function eventNames(d: INodeTypeDescription): string[] {
	if (!d.displayName.toLowerCase().includes('trigger')) return [];
	const events = d.properties.find((p) =>
		['event', 'events', 'trigger on'].includes(p.displayName?.toLowerCase()),
	);
	return realOptions(events).map((o: any) => o.name as string);
}

export interface PanelEntry {
	/** the node type the entry stands for (n8n-nodes-userlike.x) */
	type: string;
	/** node types in the entry (x and xTrigger when merged) */
	types: string[];
	/** the name on the panel */
	name: string;
	/** the description in the entry's detail view */
	description: string;
	/** the trigger events and the actions the entry lists ("Triggers (n)", "Actions (n)") */
	triggers: number;
	actions: number;
	/** whether it holds a trigger */
	hasTrigger: boolean;
}

/** The entries searching the package's name shows in the nodes panel. */
export function expectedPanelEntries(descriptions = builtDescriptions()): PanelEntry[] {
	const entries: PanelEntry[] = [];
	for (const app of descriptions.filter((d) => !isTrigger(d))) {
		entries.push({
			type: `${PACKAGE_NAME}.${app.name}`,
			types: [app.name],
			name: app.displayName,
			description: app.description,
			triggers: 0,
			actions: actionCount(app),
			hasTrigger: false,
		});
	}
	for (const trigger of descriptions.filter(isTrigger)) {
		const app = entries.find((e) => e.types[0] === trigger.name.replace('Trigger', ''));
		const events = eventNames(trigger).length;
		if (app && app.actions > 0) {
			app.types.push(trigger.name);
			app.description = trigger.description;
			app.triggers = events;
			app.hasTrigger = true;
		} else {
			entries.push({
				type: `${PACKAGE_NAME}.${trigger.name}`,
				types: [trigger.name],
				// n8n drops "Trigger" from the name of an entry that lists events, not from one that does not
				name: events > 1 ? trigger.displayName.replace('Trigger', '').trim() : trigger.displayName,
				description: trigger.description,
				// n8n hides a list of one entry (the placeholder)
				triggers: events > 1 ? events : 0,
				actions: 0,
				hasTrigger: true,
			});
		}
	}
	return entries;
}

/** The package's nodes that a user can add (each has a panel that must open with its defaults). */
export function nodeTypes(descriptions = builtDescriptions()): INodeTypeDescription[] {
	return descriptions;
}
