/** Builds the JSON representations from the store. */
import {
	OPERATOR_NOTIFICATION_FIELDS,
	type ContactRecord,
	type ConversationRecord,
	type MessageRecord,
	type NavigationRecord,
	type NoteRecord,
	type OperatorRecord,
	type SimulatorData,
} from './types';

/** Per-request lookup tables, so that rendering a page of a big store stays linear. */
export class Lookup {
	private contactsById?: Map<number, ContactRecord>;
	private operatorsById?: Map<number, OperatorRecord>;
	private messageStats?: Map<number, { last: MessageRecord; count: number }>;
	private messagesByConversation?: Map<number, MessageRecord[]>;

	constructor(readonly data: SimulatorData) {}

	contact(id: number): ContactRecord | undefined {
		if (!this.contactsById) this.contactsById = new Map(this.data.contacts.map((c) => [c.id, c]));
		return this.contactsById.get(id);
	}

	operator(id: number | null): OperatorRecord | undefined {
		if (id === null) return undefined;
		if (!this.operatorsById)
			this.operatorsById = new Map(this.data.operators.map((o) => [o.id, o]));
		return this.operatorsById.get(id);
	}

	stats(conversationId: number): { last: MessageRecord; count: number } | undefined {
		if (!this.messageStats) {
			const m = new Map<number, { last: MessageRecord; count: number }>();
			for (const msg of this.data.messages) {
				const s = m.get(msg.conversation_id);
				if (!s) m.set(msg.conversation_id, { last: msg, count: 1 });
				else {
					s.count++;
					if (msg.id > s.last.id) s.last = msg;
				}
			}
			this.messageStats = m;
		}
		return this.messageStats.get(conversationId);
	}

	messages(conversationId: number): MessageRecord[] {
		if (!this.messagesByConversation) {
			const m = new Map<number, MessageRecord[]>();
			for (const msg of this.data.messages) {
				const list = m.get(msg.conversation_id);
				if (list) list.push(msg);
				else m.set(msg.conversation_id, [msg]);
			}
			this.messagesByConversation = m;
		}
		return this.messagesByConversation.get(conversationId) ?? [];
	}
}

export function renderMessage(m: MessageRecord): Record<string, unknown> {
	return {
		id: m.id,
		conversation_id: m.conversation_id,
		type: m.type,
		sender_type: m.sender_type,
		event: m.event,
		body: m.body,
		sender: m.sender ? { ...m.sender } : null,
		created_at: m.created_at,
	};
}

/**
 * docs: "The conversation resource items returned by the list endpoint only contain the last message of the conversation."
 * not in the docs: the field set; the single endpoint answers the same representation (no messages array).
 */
export function renderConversation(c: ConversationRecord, lookup: Lookup): Record<string, unknown> {
	const contact = lookup.contact(c.contact_identity_id);
	const operator = lookup.operator(c.operator_id);
	const widget = lookup.data.widgets.find((w) => w.id === c.um_widget_id);
	const stats = lookup.stats(c.id);
	return {
		id: c.id,
		organization_id: c.organization_id,
		status: c.status,
		ongoing: c.ongoing,
		// https://lime-limepkg-userlike.readthedocs-hosted.com/en/latest/technical: topics are objects with `text`
		topics: c.topic_ids.map((id) => {
			const t = lookup.data.topics.find((x) => x.id === id);
			return { id, text: t ? t.name : '' };
		}),
		// https://docs.userlike.com/features/add-ons/lime-crm ("Payload example"): these keys come first,
		// and the conversation embeds the whole contact.
		accepts_messages: c.ongoing,
		addon_urls: {},
		channel_custom_contact_identifier: null,
		channel_custom_conversation_identifier: null,
		contact: contact ? renderContact(contact) : null,
		contact_identity_id: c.contact_identity_id,
		contact_uuid: contact ? contact.uuid : null,
		operator_id: c.operator_id,
		operator: operator ? { id: operator.id, name: operator.name } : null,
		um_widget_id: c.um_widget_id,
		um_widget: widget ? { id: widget.id, name: widget.name } : null,
		subject: c.subject,
		channel: c.channel,
		rating: c.rating,
		created_at: c.created_at,
		updated_at: c.updated_at,
		contact_first_message_sent_at: c.contact_first_message_sent_at,
		contact_last_message_sent_at: c.contact_last_message_sent_at,
		last_message_sent_at: c.last_message_sent_at,
		contact_last_update_at: c.contact_last_update_at,
		last_message: stats ? renderMessage(stats.last) : null,
		message_count: stats ? stats.count : 0,
	};
}

export function renderNote(n: NoteRecord): Record<string, unknown> {
	return {
		id: n.id,
		body: n.body,
		conversation_id: n.conversation_id,
		contact_identity_id: n.contact_identity_id,
		operator_id: n.operator_id,
		created_at: n.created_at,
	};
}

export function renderNavigation(n: NavigationRecord): Record<string, unknown> {
	return {
		id: n.id,
		url: n.url,
		title: n.title,
		referrer: n.referrer,
		contact_identity_id: n.contact_identity_id,
		conversation_id: n.conversation_id,
		created_at: n.created_at,
	};
}

/** docs: "The returned JSON object contains the full contact representation." */
export function renderContact(c: ContactRecord): Record<string, unknown> {
	// The keys of a real contact (https://docs.userlike.com/features/add-ons/lime-crm, "Payload example")
	// beside the record's own; not in the docs: their values, derived from the record.
	return {
		...c,
		company: null,
		position: null,
		email_verified: c.verified && c.email !== null,
		is_mobile_number_verified: c.verified && c.mobile_number !== '',
		is_blocked: false,
		instagram_username: null,
		custom_field_data: {},
		imports: [],
		loc_lat: null,
		loc_lon: null,
		first_message_sent_at: c.created_at,
		last_message_sent_at: c.last_active_at,
		last_import_date: null,
		last_import_relevant_update: null,
	};
}

/**
 * docs: "The operator's presence status, combined from the fields "available" and "connected".
 *        Its value can be "available", "unavailable" or "offline"."
 * not in the docs: how they combine; not connected -> "offline", connected and available -> "available",
 * connected and away -> "unavailable".
 */
export function availability(o: OperatorRecord): 'available' | 'unavailable' | 'offline' {
	if (!o.connected) return 'offline';
	return o.available ? 'available' : 'unavailable';
}

/** docs: "The fields of an operator's slot data are: availability, available, connected, free, used, total" */
export function renderSlots(o: OperatorRecord): Record<string, unknown> {
	return {
		availability: availability(o),
		available: o.available,
		connected: o.connected,
		free: Math.max(0, o.slots_total - o.slots_used),
		used: o.slots_used,
		total: o.slots_total,
	};
}

/** docs: "The returned JSON object contains the full operator representation, including operator group and organization." */
export function renderOperator(o: OperatorRecord, data: SimulatorData): Record<string, unknown> {
	const org = data.organizations.find((x) => x.id === o.organization_id);
	const group =
		o.operator_group_id === null
			? undefined
			: data.operatorGroups.find((g) => g.id === o.operator_group_id);
	const out: Record<string, unknown> = {
		id: o.id,
		organization: org ? { id: org.id, name: org.name } : { id: o.organization_id, name: '' },
		name: o.name,
		first_name: o.first_name,
		last_name: o.last_name,
		email: o.email,
		role: o.role,
		is_owner: o.role === 'owner',
		is_bot: o.is_bot,
		operator_group_id: o.operator_group_id,
		operator_group: group ? { id: group.id, name: group.name } : null,
		created_at: o.created_at,
		out_of_office: o.out_of_office,
		available: o.available,
		connected: o.connected,
		availability: availability(o),
		// docs: "including their current chat slot utilization"; not in the docs: the list's key names,
		// taken from the slot view ("The fields of an operator's slot data are: ... free, used, total").
		free: Math.max(0, o.slots_total - o.slots_used),
		used: o.slots_used,
		total: o.slots_total,
	};
	for (const f of OPERATOR_NOTIFICATION_FIELDS) out[f] = o[f];
	return out;
}
