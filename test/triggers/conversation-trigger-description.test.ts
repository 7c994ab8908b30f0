/**
 * Userlike Conversation Trigger as n8n loads it (n8n-core's PackageDirectoryLoader): the contract
 * values, the filters Get Many has, the poll times n8n adds, and what the notice and the warning hint
 * say about the daily budget. The hint's condition is evaluated by n8n-workflow's expression engine,
 * as the editor evaluates it (getNodeHints: `workflow.expression.getSimpleParameterValue`).
 */
import path from 'node:path';
import type {
	IDataObject,
	INodeProperties,
	INodePropertyOptions,
	INodeTypeDescription,
} from 'n8n-workflow';

import { buildWorkflow, loadPackage, PACKAGE_ROOT } from '../harness/n8n';
import { CONVERSATION_TRIGGER_EVENTS } from '../contract';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const budget = require(path.join(PACKAGE_ROOT, 'dist/nodes/UserlikeConversationTrigger/budget.js'));

async function describeNode(name: string): Promise<INodeTypeDescription> {
	const { loader } = await loadPackage();
	return (loader.nodeTypes[name].type as { description: INodeTypeDescription }).description;
}

const property = (description: INodeTypeDescription, name: string) =>
	description.properties.find((p) => p.name === name) as INodeProperties;

describe('Userlike Conversation Trigger description', () => {
	it('is a polling trigger on the userlikeApi credential with the contract event values', async () => {
		const description = await describeNode('userlikeConversationTrigger');
		expect(description.displayName).toBe('Userlike Conversation Trigger');
		expect(description.name).toBe('userlikeConversationTrigger');
		expect(description.polling).toBe(true);
		expect(description.group).toEqual(['trigger']);
		expect(description.inputs).toEqual([]);
		expect(description.credentials).toEqual([{ name: 'userlikeApi', required: true }]);
		expect(description.usableAsTool).toBeUndefined();
		const events = (property(description, 'event').options as INodePropertyOptions[]).map(
			(o) => o.value,
		);
		expect(events.sort()).toEqual([...CONVERSATION_TRIGGER_EVENTS].sort());
		const workflow = await buildWorkflow({
			nodes: [
				{
					name: 'Trigger',
					type: 'userlikeConversationTrigger',
					parameters: { event: 'updatedConversation' },
				},
			],
		});
		expect(
			workflow.expression.getSimpleParameterValue(
				workflow.getNode('Trigger')!,
				description.subtitle as string,
				'internal',
				{},
			),
		).toBe('Updated conversations');
		// n8n's loader adds the poll times (default: every minute) in front of the node's properties
		expect(description.properties[0].name).toBe('pollTimes');
		expect(description.properties[0].default).toEqual({ item: [{ mode: 'everyMinute' }] });
	});

	it('offers the operator, widget, status and topic filters exactly as Get Many has them, and Simplify', async () => {
		const trigger = await describeNode('userlikeConversationTrigger');
		const action = await describeNode('userlike');
		const getManyFilters = action.properties.find(
			(p) => p.name === 'filters' && p.displayOptions?.show?.resource?.includes('conversation'),
		) as INodeProperties;
		const filters = property(trigger, 'filters').options as INodeProperties[];
		expect(filters.map((f) => f.name)).toEqual(['operator_id', 'status', 'topics', 'um_widget_id']);
		for (const filter of filters) {
			const same = (getManyFilters.options as INodeProperties[]).find(
				(f) => f.name === filter.name,
			);
			expect(filter).toEqual(same);
		}
		const simplify = property(trigger, 'simplify');
		const getManySimplify = action.properties.find(
			(p) => p.name === 'simplify' && p.displayOptions?.show?.resource?.includes('conversation'),
		) as INodeProperties;
		expect({ ...simplify, displayOptions: undefined }).toEqual({
			...getManySimplify,
			displayOptions: undefined,
		});
		const options = property(trigger, 'options').options as INodeProperties[];
		expect(options.map((o) => o.name)).toEqual(['includeNewMessages']);
		expect(options[0].description).toMatch(/one more request per conversation/);
	});

	it('the notice gives the cost of poll intervals against the 5,000 requests a day', async () => {
		const description = await describeNode('userlikeConversationTrigger');
		const notice = property(description, 'budgetNotice');
		expect(notice.type).toBe('notice');
		expect(notice.displayName).toMatch(/5,000 requests a day/);
		expect(notice.displayName).toMatch(/every minute = 1,440 a day/);
	});
});

describe('the daily budget of a poll schedule', () => {
	it.each([
		[[{ mode: 'everyMinute' }], 1440],
		[[{ mode: 'everyHour', minute: 5 }], 24],
		[[{ mode: 'everyDay', hour: 8, minute: 0 }], 1],
		[[{ mode: 'everyX', value: 5, unit: 'minutes' }], 288],
		[[{ mode: 'everyX', value: 7, unit: 'minutes' }], 216],
		[[{ mode: 'everyX', value: 2, unit: 'hours' }], 12],
		[[{ mode: 'custom', cronExpression: '0,10,20,30,40,50 * * * * *' }], 8640],
		[[{ mode: 'custom', cronExpression: '*/15 9-17 * * 1-5' }], 36],
		[[{ mode: 'everyMinute' }, { mode: 'everyHour', minute: 0 }], 1464],
	])('%j costs %d requests a day when idle', (items, expected) => {
		expect(budget.pollBudget({ item: items }).idleRequestsPerDay).toBe(expected);
	});

	it('an unreadable custom expression has no known cost', () => {
		expect(budget.pollBudget({ item: [{ mode: 'custom', cronExpression: '@hourly' }] })).toEqual(
			{},
		);
	});

	async function hintShown(parameters: IDataObject): Promise<boolean> {
		const description = await describeNode('userlikeConversationTrigger');
		const [hint] = description.hints ?? [];
		const workflow = await buildWorkflow({
			nodes: [
				{
					name: 'Trigger',
					type: 'userlikeConversationTrigger',
					parameters,
					credentials: ['userlikeApi'],
				},
			],
		});
		const node = workflow.getNode('Trigger')!;
		return workflow.expression.getSimpleParameterValue(
			node,
			hint.displayCondition as string,
			'internal',
			{},
		) as boolean;
	}

	it('warns when Include New Messages meets a poll every 5 minutes or more often', async () => {
		const description = await describeNode('userlikeConversationTrigger');
		expect(description.hints?.[0]).toMatchObject({ type: 'warning', whenToDisplay: 'always' });
		expect(description.hints?.[0].message).toMatch(/3,560 changed conversations a day/);
		const every = (item: IDataObject) => ({ pollTimes: { item: [item] } });
		const withMessages = { options: { includeNewMessages: true } };
		expect(await hintShown({ ...every({ mode: 'everyMinute' }), ...withMessages })).toBe(true);
		expect(
			await hintShown({ ...every({ mode: 'everyX', value: 5, unit: 'minutes' }), ...withMessages }),
		).toBe(true);
		expect(
			await hintShown({
				...every({ mode: 'everyX', value: 15, unit: 'minutes' }),
				...withMessages,
			}),
		).toBe(false);
		expect(await hintShown({ ...every({ mode: 'everyHour' }), ...withMessages })).toBe(false);
		expect(await hintShown({ ...every({ mode: 'everyMinute' }) })).toBe(false);
	});
});
