import { operatorSimplifiedKeys } from '../../nodes/Userlike/actions/operator/fields';
import { ORG2_TOKEN, SEEDED } from '../simulator';
import { byId, fromList, useSimulator } from './setup';

const ctx = useSimulator();

describe('operator: get, get many, slots', () => {
	it('get returns the simplified operator', async () => {
		const { items } = await ctx.run({
			resource: 'operator',
			operation: 'get',
			operatorId: fromList(SEEDED.operatorId),
		});
		expect(ctx.apiCalls()[0].path).toBe(`/api/um/v3/operators/${SEEDED.operatorId}/`);
		expect(items[0]).toMatchObject({
			id: SEEDED.operatorId,
			name: 'Lena Hoffmann',
			available: true,
		});
		expect(items[0]).not.toHaveProperty('sound_connect');
		// The slot use the list includes (docs: "including their current chat slot utilization").
		expect(items[0]).toMatchObject({
			free: expect.any(Number),
			used: expect.any(Number),
			total: 5,
		});
		expect(Object.keys(items[0]).sort()).toEqual([...operatorSimplifiedKeys].sort());
	});

	it('get many sends the 4 filters and the ordering; filters are ANDed', async () => {
		const { items } = await ctx.run({
			resource: 'operator',
			operation: 'getAll',
			returnAll: true,
			filters: { operator_group_id: SEEDED.operatorGroups.sales, name: 'Lena Hoffmann' },
			options: { ordering: '-created_at' },
		});
		expect(items.map((o) => o.id)).toEqual([SEEDED.operatorId]);
		expect(ctx.apiCalls()[0].query).toEqual({
			operator_group_id: String(SEEDED.operatorGroups.sales),
			name: 'Lena Hoffmann',
			ordering: '-created_at',
			limit: '100',
		});
		await ctx.run({
			resource: 'operator',
			operation: 'getAll',
			returnAll: false,
			limit: 10,
			filters: { id: 101, email: 'x@y.z' },
		});
		expect(ctx.apiCalls()[1].query).toEqual({ id: '101', email: 'x@y.z', limit: '10' });
	});

	it("get many by name order lists the organization's operators A-Z", async () => {
		const { items } = await ctx.run({
			resource: 'operator',
			operation: 'getAll',
			returnAll: true,
			options: { ordering: 'name' },
		});
		const expected = ctx.sim.data.operators
			.filter((o) => o.organization_id === SEEDED.organizationId)
			.map((o) => o.name)
			.sort();
		expect(items.map((o) => o.name)).toEqual(expected);
	});

	it('get slots returns the slot view', async () => {
		const { items } = await ctx.run({
			resource: 'operator',
			operation: 'getSlots',
			operatorId: byId(SEEDED.adminOperatorId),
		});
		expect(ctx.apiCalls()[0].path).toBe(`/api/um/v3/operators/${SEEDED.adminOperatorId}/slots/`);
		expect(items[0]).toMatchObject({
			operator_id: SEEDED.adminOperatorId,
			availability: 'unavailable',
			available: false,
			connected: true,
		});
		expect(Object.keys(items[0]).sort()).toEqual(
			['availability', 'available', 'connected', 'free', 'operator_id', 'total', 'used'].sort(),
		);
	});
});

describe('operator: update and set away', () => {
	it('update PATCHes out of office, availability, notifications and sounds', async () => {
		const updateFields = {
			out_of_office: true,
			available: 'away',
			notification_mute: false,
			um_notification_message_receive: false,
			um_notification_operator_availability: true,
			sound_message_new: false,
		};
		const { items, error } = await ctx.run({
			resource: 'operator',
			operation: 'update',
			operatorId: byId(SEEDED.operatorId),
			updateFields,
		});
		expect(error).toBeUndefined();
		const [call] = ctx.apiCalls();
		expect(call).toMatchObject({
			method: 'PATCH',
			path: `/api/um/v3/operators/${SEEDED.operatorId}/`,
		});
		// Availability "Away" is sent as Userlike's available: false.
		expect(call.body).toEqual({ ...updateFields, available: false });
		expect(items[0]).toMatchObject({ operator_id: SEEDED.operatorId, available: false });
		const stored = ctx.sim.data.operators.find((o) => o.id === SEEDED.operatorId)!;
		expect(stored).toMatchObject({ ...updateFields, available: false });
	});

	it('update and set away refuse a blank value from an expression, naming the field and the item', async () => {
		const update = await ctx.run({
			resource: 'operator',
			operation: 'update',
			operatorId: byId(SEEDED.operatorId),
			updateFields: { out_of_office: '={{ "  " }}' },
		});
		expect(update.error?.message).toBe('Update Fields > Out of Office is empty (item 0)');
		expect(update.error?.description).toMatch(/would erase the operator's Out of Office/);
		const away = await ctx.run({
			resource: 'operator',
			operation: 'setAway',
			operatorId: byId(SEEDED.operatorId),
			away: '={{ "" }}',
		});
		expect(away.error?.message).toBe('Away is empty (item 0)');
		expect(ctx.apiCalls()).toHaveLength(0);
	});

	it('update offers every documented notification and sound setting', async () => {
		const { loadPackage } = await import('../harness/n8n');
		const { loader } = await loadPackage();
		const description = (
			loader.nodeTypes.userlike.type as {
				description: {
					properties: Array<{
						name: string;
						options?: Array<{ name: string }>;
						displayOptions?: { show?: Record<string, unknown[]> };
					}>;
				};
			}
		).description;
		const updateFields = description.properties.find(
			(p) => p.name === 'updateFields' && p.displayOptions?.show?.resource?.includes('operator'),
		)!;
		const names = updateFields.options!.map((o) => o.name);
		const settable = Object.keys(ctx.sim.data.operators[0]).filter(
			(key) => key.startsWith('um_notification_') || key.startsWith('sound_'),
		);
		expect(settable).toHaveLength(25);
		for (const key of [...settable, 'out_of_office', 'notification_mute', 'available']) {
			expect(names).toContain(key);
		}
	});

	it('set away uses the v3 away endpoint', async () => {
		const { items } = await ctx.run({
			resource: 'operator',
			operation: 'setAway',
			operatorId: byId(SEEDED.operatorId),
			away: true,
		});
		const [call] = ctx.apiCalls();
		expect(call).toMatchObject({
			method: 'PATCH',
			path: `/api/um/v3/operators/${SEEDED.operatorId}/away/`,
			body: { away: true },
			status: 200,
		});
		expect(items[0]).toMatchObject({
			operator_id: SEEDED.operatorId,
			away: true,
			available: false,
		});
	});

	it('set away on v2 PATCHes the operator', async () => {
		await ctx.run(
			{
				resource: 'operator',
				operation: 'setAway',
				operatorId: byId(SEEDED.adminOperatorId),
				away: false,
			},
			{ credentials: ctx.credentials({ apiVersion: 'v2' }) },
		);
		expect(ctx.apiCalls()[0]).toMatchObject({
			method: 'PATCH',
			path: `/api/um/v2/operators/${SEEDED.adminOperatorId}/`,
			body: { available: true },
		});
		expect(ctx.sim.data.operators.find((o) => o.id === SEEDED.adminOperatorId)!.available).toBe(
			true,
		);
	});
});

describe('operator: delete', () => {
	it('deletes an operator', async () => {
		const { items } = await ctx.run({
			resource: 'operator',
			operation: 'delete',
			operatorId: byId(SEEDED.operator2Id),
		});
		expect(items).toEqual([{ deleted: true, id: SEEDED.operator2Id }]);
		expect(ctx.sim.data.operators.some((o) => o.id === SEEDED.operator2Id)).toBe(false);
	});

	it.each([
		[SEEDED.ownerOperatorId, {}, 'The owner of the account cannot be deleted.'],
		[
			SEEDED.adminOperatorId,
			{ operatorId: String(SEEDED.adminOperatorId) },
			'You cannot delete the operator making the request.',
		],
	])('shows the reason of the 403 for operator %s', async (id, credentials, reason) => {
		const { error } = await ctx.run(
			{ resource: 'operator', operation: 'delete', operatorId: byId(id) },
			{ credentials: ctx.credentials(credentials) },
		);
		expect(error?.message).toBe(`Userlike refused the request (403 Forbidden): ${reason}`);
		expect(error?.description).toMatch(/never deletes the account owner/);
		expect(ctx.sim.data.operators.some((o) => o.id === id)).toBe(true);
	});

	it('shows the reason when the last operator of an organization would go', async () => {
		const [first, last] = SEEDED.org2OperatorIds;
		const credentials = ctx.credentials({ apiToken: ORG2_TOKEN });
		const ok = await ctx.run(
			{ resource: 'operator', operation: 'delete', operatorId: byId(last) },
			{ credentials },
		);
		expect(ok.error).toBeUndefined();
		const { error } = await ctx.run(
			{ resource: 'operator', operation: 'delete', operatorId: byId(first) },
			{ credentials },
		);
		expect(error?.message).toBe(
			'Userlike refused the request (403 Forbidden): The last operator of an organization cannot be deleted.',
		);
	});
});
