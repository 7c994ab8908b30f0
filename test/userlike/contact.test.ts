import { contactSimplifiedKeys } from '../../nodes/Userlike/actions/contact/fields';
import { SEEDED } from '../simulator';
import { byId, fromList, useSimulator } from './setup';

const ctx = useSimulator({ seed: { contacts: 1200 } });

function org1Contacts() {
	return ctx.sim.data.contacts.filter((c) => c.organization_id === SEEDED.organizationId);
}

describe('contact: get and get many', () => {
	it('get returns the simplified contact', async () => {
		const { items } = await ctx.run({
			resource: 'contact',
			operation: 'get',
			contactId: fromList(SEEDED.annaContactId),
		});
		expect(ctx.apiCalls()[0].path).toBe(`/api/um/v3/contact_identities/${SEEDED.annaContactId}/`);
		expect(items[0]).toMatchObject({
			id: SEEDED.annaContactId,
			email: SEEDED.annaEmail,
			city: 'Berlin',
			country: 'DE',
		});
		// Simplify keeps the documented fields and drops nested bulk and undocumented keys.
		expect(Object.keys(items[0]).sort()).toEqual([...contactSimplifiedKeys].sort());
		expect(items[0]).not.toHaveProperty('custom_field_data');
		expect(items[0]).not.toHaveProperty('last_active_at');
	});

	it('finds a contact by email (the CRM-enrichment lookup)', async () => {
		const { items } = await ctx.run({
			resource: 'contact',
			operation: 'getAll',
			returnAll: false,
			limit: 1,
			filters: { email: 'ANNA.SCHMIDT@example.com' },
		});
		expect(items.map((c) => c.id)).toEqual([SEEDED.annaContactId]);
		expect(ctx.apiCalls()[0].query).toEqual({ email: 'ANNA.SCHMIDT@example.com', limit: '1' });
	});

	it('sends all 7 filters, search, ordering and exclude IDs', async () => {
		const filters = {
			id: 2001,
			email: 'a@b.co',
			name: 'Anna Schmidt',
			to_date_time: '2025-06-01T00:00:00',
			from_date_time: '2024-01-01T00:00:00',
			verified: 'true',
			locale: 'de_DE',
			search_query: 'anna',
		};
		await ctx.run(
			{
				resource: 'contact',
				operation: 'getAll',
				returnAll: true,
				filters,
				options: { ordering: '-email', excludeIds: '5,6' },
			},
			{ timezone: 'America/Sao_Paulo' },
		);
		expect(ctx.apiCalls()[0].query).toEqual({
			...Object.fromEntries(Object.entries(filters).map(([k, v]) => [k, String(v)])),
			// Active After / Before in the workflow's time zone (-03:00), with the offset.
			to_date_time: '2025-06-01T00:00:00-03:00',
			from_date_time: '2024-01-01T00:00:00-03:00',
			ordering: '-email',
			exclude_ids: '5,6',
			limit: '100',
		});
	});

	it('Return All over 1,200+ contacts takes ceil(n / 100) calls', async () => {
		const { items } = await ctx.run({
			resource: 'contact',
			operation: 'getAll',
			returnAll: true,
			options: { ordering: 'name' },
			simplify: false,
		});
		const total = org1Contacts().length;
		expect(items).toHaveLength(total);
		expect(new Set(items.map((c) => c.id)).size).toBe(total);
		expect(ctx.apiCalls()).toHaveLength(Math.ceil(total / 100));
		const names = items.map((c) => String(c.name));
		expect(names).toEqual([...names].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0)));
	});

	it('search ranks a name match above a notes match', async () => {
		const { items } = await ctx.run({
			resource: 'contact',
			operation: 'getAll',
			returnAll: true,
			filters: { search_query: 'gregor' },
		});
		expect(items[0].id).toBe(SEEDED.gregorContactId);
	});
});

describe('contact: update', () => {
	it('PATCHes the fields as JSON and returns the updated contact', async () => {
		const { items, error } = await ctx.run({
			resource: 'contact',
			operation: 'update',
			contactId: byId(SEEDED.davidContactId),
			updateFields: {
				phone_number: '+49521234567',
				country: 'de',
				contact_by_phone: true,
				external_customer_id: 'CRM-42',
			},
		});
		expect(error).toBeUndefined();
		const [call] = ctx.apiCalls();
		expect(call).toMatchObject({
			method: 'PATCH',
			path: `/api/um/v3/contact_identities/${SEEDED.davidContactId}/`,
			status: 200,
		});
		expect(call.headers['content-type']).toMatch(/^application\/json/);
		expect(call.body).toEqual({
			phone_number: '+49521234567',
			country: 'DE',
			contact_by_phone: true,
			external_customer_id: 'CRM-42',
		});
		expect(items[0]).toMatchObject({
			id: SEEDED.davidContactId,
			phone_number: '+49521234567',
			country: 'DE',
		});
		// The same Simplify as Get: the updated contact in the same shape.
		expect(Object.keys(items[0]).sort()).toEqual([...contactSimplifiedKeys].sort());
		const raw = await ctx.run({
			resource: 'contact',
			operation: 'update',
			contactId: byId(SEEDED.davidContactId),
			updateFields: { city: 'Bielefeld' },
			simplify: false,
		});
		expect(raw.items[0]).toMatchObject({ city: 'Bielefeld', custom_field_data: {} });
	});

	it('sends every one of the 18 documented fields', async () => {
		const updateFields = {
			email: 'jane@example.com',
			name: 'Jane Doe',
			salutation: 'mrs',
			gender: 'f',
			street: 'Sunset Blvd',
			city: 'Cologne',
			country: 'DE',
			phone_number: '+49521234567',
			mobile_number: '+49170000000',
			contact_by_phone: true,
			contact_by_email: false,
			contact_by_userlike_messenger: true,
			contact_by_userlike_channels: false,
			url_facebook: 'https://facebook.com/xy',
			url_twitter: 'https://twitter.com/xy',
			url_linkedin: 'https://linkedin.com/in/xy',
			url_profile_picture: 'https://example.com/p.png',
			external_customer_id: '123',
		};
		expect(Object.keys(updateFields)).toHaveLength(18);
		const { items } = await ctx.run({
			resource: 'contact',
			operation: 'update',
			contactId: byId(SEEDED.davidContactId),
			updateFields,
		});
		expect(ctx.apiCalls()[0].body).toEqual(updateFields);
		expect(items[0]).toMatchObject(updateFields);
	});

	it('refuses no fields, a bad country and a bad email, sending nothing', async () => {
		const none = await ctx.run({
			resource: 'contact',
			operation: 'update',
			contactId: byId(SEEDED.davidContactId),
			updateFields: {},
		});
		expect(none.error?.message).toBe('No fields to update');
		const country = await ctx.run({
			resource: 'contact',
			operation: 'update',
			contactId: byId(SEEDED.davidContactId),
			updateFields: { country: 'Germany' },
		});
		expect(country.error?.message).toBe('"Germany" is not a two-letter ISO country code');
		const email = await ctx.run({
			resource: 'contact',
			operation: 'update',
			contactId: byId(SEEDED.davidContactId),
			updateFields: { email: 'not-an-email' },
		});
		expect(email.error?.message).toBe('"not-an-email" is not an email address');
		expect(ctx.apiCalls()).toHaveLength(0);
	});
});

describe('contact: delete and delete many', () => {
	it('delete returns { deleted: true, id }', async () => {
		const { items } = await ctx.run({
			resource: 'contact',
			operation: 'delete',
			contactId: byId(SEEDED.davidContactId),
		});
		expect(items).toEqual([{ deleted: true, id: SEEDED.davidContactId }]);
		expect(ctx.apiCalls()[0]).toMatchObject({ method: 'DELETE', status: 204 });
		expect(org1Contacts().some((c) => c.id === SEEDED.davidContactId)).toBe(false);
	});

	it('deletes 1,000 contacts by ID in 10 calls of 100', async () => {
		const ids = org1Contacts()
			.map((c) => c.id)
			.slice(0, 1000);
		const { items, error } = await ctx.run({
			resource: 'contact',
			operation: 'deleteMany',
			deleteBy: 'ids',
			ids: ids.join(','),
		});
		expect(error).toBeUndefined();
		expect(items).toEqual([{ deleteRequestAccepted: true, requestedIds: ids }]);
		const calls = ctx.apiCalls();
		expect(calls).toHaveLength(10);
		expect(calls.map((call) => call.query.delete_ids.split(',').length)).toEqual(
			Array(10).fill(100),
		);
		expect(calls.flatMap((call) => call.query.delete_ids.split(',').map(Number))).toEqual(ids);
		const left = new Set(org1Contacts().map((c) => c.id));
		expect(ids.some((id) => left.has(id))).toBe(false);
	});

	it('by search: deletes the matching contacts, at most the limit', async () => {
		const { items } = await ctx.run({
			resource: 'contact',
			operation: 'deleteMany',
			deleteBy: 'filters',
			filters: { search_query: 'gregor' },
			deleteLimit: 1,
		});
		expect(items[0]).toMatchObject({ deleteRequestAccepted: true, atMost: 1 });
		expect(ctx.apiCalls()[0].query).toEqual({ search_query: 'gregor', limit: '1' });
		expect(org1Contacts().some((c) => c.id === SEEDED.gregorContactId)).toBe(false);
	});

	it('IDs that Exclude IDs names are never deleted', async () => {
		const { items } = await ctx.run({
			resource: 'contact',
			operation: 'deleteMany',
			deleteBy: 'ids',
			ids: [SEEDED.annaContactId, SEEDED.davidContactId],
			options: { excludeIds: String(SEEDED.annaContactId) },
		});
		expect(items).toEqual([{ deleteRequestAccepted: true, requestedIds: [SEEDED.davidContactId] }]);
		expect(ctx.apiCalls()[0].query).toEqual({
			delete_ids: String(SEEDED.davidContactId),
			limit: '1',
		});
		expect(org1Contacts().some((c) => c.id === SEEDED.annaContactId)).toBe(true);
	});
});

describe('contact: update never erases a field by a blank value', () => {
	const contactOf = (id: number) => ctx.sim.data.contacts.find((c) => c.id === id)!;

	it('a Name from an expression that resolved to "  " is refused, naming the field and the item; nothing is sent', async () => {
		const before = contactOf(SEEDED.davidContactId).name;
		expect(before).toBeTruthy();
		const { error } = await ctx.run(
			{
				resource: 'contact',
				operation: 'update',
				contactId: byId(SEEDED.davidContactId),
				updateFields: { name: '={{ $json.name }}', city: '={{ $json.city }}' },
			},
			{
				input: [
					{ json: { name: 'David M.', city: 'Boston' } },
					{ json: { name: '  ', city: 'X' } },
				],
			},
		);
		expect(error?.message).toBe('Update Fields > Name is empty (item 1)');
		expect(error?.description).toMatch(/would erase the contact's Name/);
		expect(error?.description).toMatch(/add Name to Clear Fields/);
		// item 0 went through; item 1 sent nothing
		expect(ctx.apiCalls().filter((c) => c.method === 'PATCH')).toHaveLength(1);
		expect(contactOf(SEEDED.davidContactId).name).toBe('David M.');
	});

	it.each([
		['empty text', ''],
		['only whitespace', ' \t\n'],
		['an expression giving null', '={{ null }}'],
	])('%s in any text field is refused (Email, Country, External Customer ID)', async (_, value) => {
		for (const field of ['email', 'country', 'external_customer_id']) {
			const { error } = await ctx.run({
				resource: 'contact',
				operation: 'update',
				contactId: byId(SEEDED.davidContactId),
				updateFields: { [field]: value },
			});
			expect(error?.message).toMatch(/^Update Fields > .+ is empty \(item 0\)$/);
		}
		expect(ctx.apiCalls()).toHaveLength(0);
	});

	it('Clear Fields erases a field on purpose (sent as ""), with or without it in Update Fields', async () => {
		const { error } = await ctx.run({
			resource: 'contact',
			operation: 'update',
			contactId: byId(SEEDED.davidContactId),
			updateFields: { name: '  ', city: 'Bielefeld' },
			clearFields: ['name', 'street'],
		});
		expect(error).toBeUndefined();
		expect(ctx.apiCalls()[0].body).toEqual({ city: 'Bielefeld', name: '', street: '' });
		expect(contactOf(SEEDED.davidContactId)).toMatchObject({ name: '', city: 'Bielefeld' });
		const both = await ctx.run({
			resource: 'contact',
			operation: 'update',
			contactId: byId(SEEDED.davidContactId),
			updateFields: { name: 'David' },
			clearFields: ['name'],
		});
		expect(both.error?.message).toBe(
			'Name is both set in Update Fields and listed in Clear Fields (item 0)',
		);
		expect(ctx.apiCalls()).toHaveLength(1);
	});
});
