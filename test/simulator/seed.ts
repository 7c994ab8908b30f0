/**
 * The deterministic seed of the simulator: two organizations of one Userlike account.
 * Everything comes from a seeded PRNG (prng.ts), so the same options give the same data on every run.
 */
import { Prng } from './prng';
import {
	OPERATOR_NOTIFICATION_FIELDS,
	type ContactRecord,
	type ConversationRecord,
	type ConversationStatus,
	type MessageRecord,
	type MessageType,
	type NavigationRecord,
	type NoteRecord,
	type OperatorRecord,
	type OperatorRole,
	type SeedOptions,
	type SenderType,
	type SimulatorData,
	type Topic,
	type Widget,
} from './types';

// docs: "the "organization authentication token", allowing access to the resources of a single organization"
// not in the docs: the token format; we use 40 hex characters like Django REST Framework tokens.
export const ORG_TOKEN = '7c1e4a9b2f3d5e6a8b9c0d1e2f3a4b5c6d7e8f90';
export const ORG2_TOKEN = 'a4b5c6d7e8f901237c1e4a9b2f3d5e6a8b9c0d1e';
// docs: "The customer authentication token by default gives you access to the resources ... of your default organization"
export const CUSTOMER_TOKEN = 'f0e1d2c3b4a5968778695a4b3c2d1e0f12345678';

export const ORG_ID = 1;
export const ORG2_ID = 2;

/**
 * Ids that hold for the default seed (and, for organization 2 and the first ids of organization 1, for any seed).
 * Organization 1 ids start at the `*_BASE` values below; organization 2 uses fixed lower ranges so its ids never move.
 */
export const SEEDED = {
	organizationId: ORG_ID,
	organization2Id: ORG2_ID,
	/** Sophie Becker, role "owner", organization 1, group "Support"; the account's operator (default request context) */
	ownerOperatorId: 101,
	/** Jonas Weber, role "admin", connected but away */
	adminOperatorId: 102,
	/** Lena Hoffmann, role "operator", group "Sales", available */
	operatorId: 103,
	/** Marco Rossi, role "operator", group "Sales", offline */
	operator2Id: 104,
	/** "Nordlicht Bot", is_bot, sends the welcome messages */
	botOperatorId: 105,
	/** "API Reader", role "read_only" (the last operator of organization 1; with the default seed 106) */
	readOnlyOperatorId: 106,
	/** organization 2 operators: Emma Jansen (admin) and Lucas de Vries (operator); the owner is not one of them */
	org2OperatorIds: [91, 92],
	operatorGroups: { support: 11, sales: 12, org2Support: 13 },
	widgets: { website: 21, supportCenter: 22, org2Website: 23 },
	/** Anna Schmidt, anna.schmidt@example.com, Berlin DE, de_DE, verified; has conversations 50001, 50006, every 5th one and the ongoing 50059 */
	annaContactId: 2001,
	annaEmail: 'anna.schmidt@example.com',
	/** David Miller, david.miller@example.org, New York US, en_US, not verified */
	davidContactId: 2002,
	/** Gregor Meyer, gregor.meyer@example.net, Hamburg DE, notes "Uses the Userlike API for his shop."; conversation 50003 (and one more) */
	gregorContactId: 2003,
	/** organization 1 conversations are 50001.. (60 with the default docs: 50001-50060) */
	firstConversationId: 50001,
	/**
	 * with the default seed the newest three conversations of organization 1 are ongoing:
	 * 50058 (open, operator 102), 50059 (open, operator 103, contact Anna 2001), 50060 (new, no operator)
	 */
	ongoingConversationIds: [50058, 50059, 50060],
	/** organization 2: conversations 40001-40008, 40008 ongoing; contacts 1001-1006 */
	org2ConversationIds: [40001, 40002, 40003, 40004, 40005, 40006, 40007, 40008],
	org2OngoingConversationId: 40008,
	org2ContactIds: [1001, 1002, 1003, 1004, 1005, 1006],
} as const;

export const DEFAULT_SEED: Required<SeedOptions> = {
	conversations: 60,
	contacts: 40,
	operators: 6,
	messagesPerConversation: 6,
	notes: 20,
	navigation: 80,
	random: 20240611,
	referenceTime: '2025-06-02T12:00:00.000Z',
};

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

interface CountryInfo {
	code: string;
	locale: string;
	phone: string;
	mobile: string;
	cities: string[];
	streets: string[];
	weight: number;
}

const COUNTRIES: CountryInfo[] = [
	{
		code: 'DE',
		locale: 'de_DE',
		phone: '+4930',
		mobile: '+49151',
		cities: ['Berlin', 'Hamburg', 'München', 'Köln', 'Frankfurt am Main', 'Bielefeld', 'Leipzig'],
		streets: [
			'Hauptstraße',
			'Bahnhofstraße',
			'Schillerstraße',
			'Gartenweg',
			'Lindenallee',
			'Goethestraße',
		],
		weight: 10,
	},
	{
		code: 'AT',
		locale: 'de_AT',
		phone: '+431',
		mobile: '+43664',
		cities: ['Wien', 'Graz', 'Salzburg'],
		streets: ['Mariahilfer Straße', 'Landstraße', 'Ringstraße'],
		weight: 2,
	},
	{
		code: 'CH',
		locale: 'de_CH',
		phone: '+4144',
		mobile: '+4179',
		cities: ['Zürich', 'Bern', 'Basel'],
		streets: ['Bahnhofstrasse', 'Seefeldstrasse', 'Marktgasse'],
		weight: 2,
	},
	{
		code: 'NL',
		locale: 'nl_NL',
		phone: '+3120',
		mobile: '+316',
		cities: ['Amsterdam', 'Rotterdam', 'Utrecht'],
		streets: ['Keizersgracht', 'Damstraat', 'Lange Nieuwstraat'],
		weight: 2,
	},
	{
		code: 'GB',
		locale: 'en_GB',
		phone: '+4420',
		mobile: '+447700',
		cities: ['London', 'Manchester', 'Bristol'],
		streets: ['Baker Street', 'High Street', 'Station Road'],
		weight: 2,
	},
	{
		code: 'US',
		locale: 'en_US',
		phone: '+1212',
		mobile: '+1646',
		cities: ['New York', 'Chicago', 'Austin', 'Seattle'],
		streets: ['Main Street', 'Broadway', 'Sunset Blvd', 'Oak Avenue'],
		weight: 2,
	},
	{
		code: 'FR',
		locale: 'fr_FR',
		phone: '+331',
		mobile: '+336',
		cities: ['Paris', 'Lyon', 'Marseille'],
		streets: ['Rue de Rivoli', 'Avenue Victor Hugo', 'Rue du Commerce'],
		weight: 1,
	},
	{
		code: 'ES',
		locale: 'es_ES',
		phone: '+3491',
		mobile: '+34612',
		cities: ['Madrid', 'Barcelona'],
		streets: ['Calle Mayor', 'Gran Vía'],
		weight: 1,
	},
	{
		code: 'IT',
		locale: 'it_IT',
		phone: '+3902',
		mobile: '+39333',
		cities: ['Milano', 'Roma'],
		streets: ['Via Roma', 'Corso Italia'],
		weight: 1,
	},
];
const COUNTRY_BAG: CountryInfo[] = COUNTRIES.flatMap((c) => Array<CountryInfo>(c.weight).fill(c));

const FEMALE_FIRST = [
	'Anna',
	'Laura',
	'Julia',
	'Sarah',
	'Maria',
	'Lisa',
	'Emma',
	'Sofia',
	'Hannah',
	'Clara',
	'Mia',
	'Olivia',
	'Chloé',
	'Lucía',
	'Giulia',
	'Fenna',
];
const MALE_FIRST = [
	'David',
	'Lukas',
	'Felix',
	'Paul',
	'Max',
	'Tim',
	'Jan',
	'Noah',
	'Elias',
	'Daniel',
	'Thomas',
	'Michael',
	'Pierre',
	'Javier',
	'Marco',
	'Sem',
];
const LAST = [
	'Müller',
	'Schmidt',
	'Schneider',
	'Fischer',
	'Meyer',
	'Wagner',
	'Becker',
	'Schulz',
	'Hoffmann',
	'Koch',
	'Richter',
	'Klein',
	'Wolf',
	'Neumann',
	'Schwarz',
	'Zimmermann',
	'Braun',
	'Krüger',
	'Hartmann',
	'Lange',
	'Smith',
	'Johnson',
	'Brown',
	'Taylor',
	'Martin',
	'Bakker',
	'Visser',
	'García',
	'Rossi',
	'Dubois',
];
const EMAIL_DOMAINS = [
	'example.com',
	'example.org',
	'example.net',
	'mail.example',
	'kunde.example',
];
const CONTACT_NOTES = [
	'',
	'',
	'VIP customer, prefers email.',
	'Asked for a callback next week.',
	'Interested in the enterprise plan.',
	'Reported a billing issue in March.',
	'Newsletter subscriber.',
	'',
];

interface Theme {
	subject: string;
	topic: string;
	question: string;
	answer: string;
	link: string;
	followUp: string;
}

const THEMES: Theme[] = [
	{
		subject: 'Question about my invoice',
		topic: 'Billing',
		question: 'Hello, I have a question about my last invoice, the amount looks wrong.',
		answer: 'Let me check your invoice, one moment please.',
		link: 'https://help.nordlicht-media.example/billing/invoices',
		followUp: 'Thanks, the invoice is correct now.',
	},
	{
		subject: 'Upgrade to the business plan',
		topic: 'Sales',
		question: 'We want to upgrade to the business plan for ten users.',
		answer: 'Great, I can prepare an offer for ten users.',
		link: 'https://www.nordlicht-media.example/pricing',
		followUp: 'Perfect, please send the offer by email.',
	},
	{
		subject: 'Login problem',
		topic: 'Support',
		question: 'I cannot log in, the password reset email never arrives.',
		answer: 'I have triggered a new password reset email for you.',
		link: 'https://help.nordlicht-media.example/account/password-reset',
		followUp: 'Got it, searching my spam folder found it.',
	},
	{
		subject: 'Delivery status',
		topic: 'Support',
		question: 'Where is my order? The tracking page shows no updates since Monday.',
		answer: 'Your parcel is with the carrier and should arrive tomorrow.',
		link: 'https://www.nordlicht-media.example/orders/tracking',
		followUp: 'Thank you for the quick answer!',
	},
	{
		subject: 'Feedback on the new app',
		topic: 'Feedback',
		question: 'The new mobile app is great, but notifications arrive late.',
		answer: 'Thanks for the feedback, I forwarded it to our product team.',
		link: 'https://www.nordlicht-media.example/app',
		followUp: 'Happy to help testing the next release.',
	},
	{
		subject: 'Cancel subscription',
		topic: 'Billing',
		question: 'How can I cancel my subscription at the end of the month?',
		answer: 'You can cancel in your account settings, or I can do it for you.',
		link: 'https://help.nordlicht-media.example/billing/cancel',
		followUp: 'Please cancel it for me, thanks.',
	},
	{
		subject: 'Integration with our CRM',
		topic: 'Sales',
		question: 'Does your product integrate with our CRM and the API for users?',
		answer: 'Yes, we have a JSON API and ready-made integrations.',
		link: 'https://developers.nordlicht-media.example/api',
		followUp: 'Searching the docs now, looks good.',
	},
	{
		subject: 'Rückfrage zur Rechnung',
		topic: 'Billing',
		question: 'Guten Tag, ich habe eine Frage zu meiner Rechnung vom Mai.',
		answer: 'Gerne, ich schaue mir Ihre Rechnung an.',
		link: 'https://help.nordlicht-media.example/de/rechnungen',
		followUp: 'Vielen Dank für die schnelle Hilfe!',
	},
];

const PAGES: Array<[string, string]> = [
	['https://www.nordlicht-media.example/', 'Nordlicht Media – Home'],
	['https://www.nordlicht-media.example/pricing', 'Pricing – Nordlicht Media'],
	['https://www.nordlicht-media.example/features', 'Features – Nordlicht Media'],
	['https://www.nordlicht-media.example/contact', 'Contact – Nordlicht Media'],
	['https://help.nordlicht-media.example/billing/invoices', 'Invoices – Help Center'],
	[
		'https://help.nordlicht-media.example/account/password-reset',
		'Reset your password – Help Center',
	],
	[
		'https://www.nordlicht-media.example/blog/customer-messaging',
		'Customer messaging in 2025 – Blog',
	],
];
const REFERRERS = [
	'',
	'',
	'https://www.google.com/',
	'https://www.bing.com/',
	'https://www.linkedin.com/',
	'https://news.example.com/article/42',
];
const CHANNELS = [
	'website',
	'website',
	'website',
	'whatsapp',
	'facebook_messenger',
	'telegram',
	'sms',
];

function iso(ms: number): string {
	return new Date(ms).toISOString();
}

function asciiFold(text: string): string {
	return text
		.toLowerCase()
		.replace(/ä/g, 'ae')
		.replace(/ö/g, 'oe')
		.replace(/ü/g, 'ue')
		.replace(/ß/g, 'ss')
		.normalize('NFD')
		.replace(/[\u0300-\u036f]/g, '')
		.replace(/[^a-z0-9]+/g, '');
}

function digits(prng: Prng, n: number): string {
	let out = '';
	for (let i = 0; i < n; i++) out += String(prng.int(0, 9));
	return out;
}

function notificationFlags(
	prng: Prng,
): Record<(typeof OPERATOR_NOTIFICATION_FIELDS)[number], boolean> {
	const out = {} as Record<(typeof OPERATOR_NOTIFICATION_FIELDS)[number], boolean>;
	for (const field of OPERATOR_NOTIFICATION_FIELDS)
		out[field] = field === 'notification_mute' ? false : prng.chance(0.8);
	return out;
}

interface OperatorSpec {
	first: string;
	last: string;
	role: OperatorRole;
	isBot?: boolean;
	group: number | null;
	connected: boolean;
	available: boolean;
	email?: string;
}

interface FixedContact {
	first: string;
	last: string;
	email: string;
	country: string;
	city: string;
	street: string;
	gender: string;
	verified: boolean;
	notes: string;
}

interface OrgPlan {
	orgId: number;
	prng: Prng;
	domain: string;
	operators: OperatorSpec[];
	operatorBase: number;
	contacts: number;
	fixedContacts: FixedContact[];
	contactBase: number;
	conversations: number;
	conversationBase: number;
	messagesPerConversation: number;
	messageBase: number;
	notes: number;
	noteBase: number;
	navigation: number;
	navigationBase: number;
	widgets: Widget[];
	topics: Topic[];
	welcome: string;
	ref: number;
}

interface OrgData {
	operators: OperatorRecord[];
	contacts: ContactRecord[];
	conversations: ConversationRecord[];
	messages: MessageRecord[];
	notes: NoteRecord[];
	navigation: NavigationRecord[];
}

function org1OperatorSpecs(n: number, prng: Prng): OperatorSpec[] {
	const named: OperatorSpec[] = [
		{ first: 'Sophie', last: 'Becker', role: 'owner', group: 11, connected: true, available: true },
		{ first: 'Jonas', last: 'Weber', role: 'admin', group: 11, connected: true, available: false },
		{
			first: 'Lena',
			last: 'Hoffmann',
			role: 'operator',
			group: 12,
			connected: true,
			available: true,
		},
		{
			first: 'Marco',
			last: 'Rossi',
			role: 'operator',
			group: 12,
			connected: false,
			available: false,
		},
		{
			first: 'Nordlicht',
			last: 'Bot',
			role: 'operator',
			isBot: true,
			group: 11,
			connected: true,
			available: true,
			email: 'bot@nordlicht-media.example',
		},
	];
	const specs: OperatorSpec[] = [];
	for (let i = 0; i < n; i++) {
		if (n >= 3 && i === n - 1) {
			// docs: "we'd recommend the creation of a dedicated API operator, to whom you then assign a (customized) role"
			specs.push({
				first: 'API',
				last: 'Reader',
				role: 'read_only',
				group: 11,
				connected: false,
				available: false,
				email: 'api@nordlicht-media.example',
			});
		} else if (i < named.length) {
			specs.push(named[i]);
		} else {
			const female = prng.chance(0.5);
			specs.push({
				first: prng.pick(female ? FEMALE_FIRST : MALE_FIRST),
				last: prng.pick(LAST),
				role: 'operator',
				group: i % 2 === 0 ? 11 : 12,
				connected: prng.chance(0.6),
				available: prng.chance(0.5),
			});
		}
	}
	return specs;
}

function generateOrg(plan: OrgPlan): OrgData {
	const { prng, orgId, ref } = plan;
	const usedEmails = new Set<string>();

	// ---- operators
	const operators: OperatorRecord[] = plan.operators.map((spec, i) => {
		const name = `${spec.first} ${spec.last}`;
		let email = spec.email ?? `${asciiFold(spec.first)}.${asciiFold(spec.last)}@${plan.domain}`;
		if (usedEmails.has(email)) email = email.replace('@', `${i}@`);
		usedEmails.add(email);
		return {
			id: plan.operatorBase + i,
			organization_id: orgId,
			name,
			first_name: spec.first,
			last_name: spec.last,
			email,
			role: spec.role,
			is_bot: spec.isBot === true,
			operator_group_id: spec.group,
			created_at: iso(ref - 700 * DAY + i * 9 * DAY),
			out_of_office: false,
			available: spec.available,
			connected: spec.connected,
			slots_total: spec.isBot ? 100 : 5,
			slots_used: 0,
			...notificationFlags(prng),
		};
	});
	const humans = operators.filter((o) => !o.is_bot && o.role !== 'read_only');
	const bot = operators.find((o) => o.is_bot);

	// ---- contacts: created between 400 and 125 days before the reference time, ids ascending with created_at
	const contacts: ContactRecord[] = [];
	const contactStart = ref - 400 * DAY;
	const contactSpan = 275 * DAY;
	for (let i = 0; i < plan.contacts; i++) {
		const fixed = plan.fixedContacts[i];
		const female = fixed ? fixed.gender === 'f' : prng.chance(0.5);
		const first = fixed ? fixed.first : prng.pick(female ? FEMALE_FIRST : MALE_FIRST);
		const last = fixed ? fixed.last : prng.pick(LAST);
		const country = fixed
			? COUNTRIES.find((c) => c.code === fixed.country)!
			: prng.pick(COUNTRY_BAG);
		const anonymous = !fixed && i % 12 === 11;
		let email: string | null = fixed
			? fixed.email
			: `${asciiFold(first)}.${asciiFold(last)}@${prng.pick(EMAIL_DOMAINS)}`;
		if (anonymous) email = null;
		if (email !== null) {
			let candidate = email;
			for (let n = 2; usedEmails.has(candidate); n++) candidate = email.replace('@', `${n}@`);
			email = candidate;
			usedEmails.add(email);
		}
		const createdAt =
			contactStart +
			Math.floor(((i + prng.next() * 0.5) * contactSpan) / Math.max(1, plan.contacts));
		const uuid = Buffer.from(prng.uuid()).toString('base64');
		contacts.push({
			id: plan.contactBase + i,
			// docs: contact_uuid sample "MGEwYWJmZmEtN2M1OS01NGI2LWE2OWYtZWYxNDY4OWM0YWQ3" is the base64 of a UUID string
			uuid,
			organization_id: orgId,
			name: anonymous ? `Guest ${digits(prng, 4)}` : `${first} ${last}`,
			email,
			salutation: anonymous ? '' : female ? 'mrs' : 'mr',
			gender: anonymous ? '' : female ? 'f' : 'm',
			street: anonymous
				? ''
				: fixed
					? fixed.street
					: `${prng.pick(country.streets)} ${prng.int(1, 180)}`,
			city: anonymous ? '' : fixed ? fixed.city : prng.pick(country.cities),
			country: anonymous ? '' : country.code,
			phone_number: anonymous || prng.chance(0.4) ? '' : `${country.phone}${digits(prng, 7)}`,
			mobile_number: anonymous || prng.chance(0.5) ? '' : `${country.mobile}${digits(prng, 7)}`,
			contact_by_phone: prng.chance(0.3),
			contact_by_email: !anonymous && prng.chance(0.7),
			contact_by_userlike_messenger: true,
			contact_by_userlike_channels: prng.chance(0.4),
			url_facebook: null,
			url_twitter: null,
			url_linkedin:
				!anonymous && prng.chance(0.2)
					? `https://www.linkedin.com/in/${asciiFold(first)}-${asciiFold(last)}`
					: null,
			url_profile_picture: null,
			external_customer_id: !anonymous && prng.chance(0.5) ? `CRM-${10000 + i}` : null,
			notes: fixed ? fixed.notes : prng.pick(CONTACT_NOTES),
			locale: anonymous ? 'en_US' : country.locale,
			verified: fixed ? fixed.verified : !anonymous && prng.chance(0.5),
			created_at: iso(createdAt),
			last_active_at: iso(createdAt + prng.int(2, 60) * MINUTE),
		});
	}

	// ---- conversations and their messages, ids ascending with created_at
	const conversations: ConversationRecord[] = [];
	const messages: MessageRecord[] = [];
	const n = plan.conversations;
	const ongoingCount = n === 0 ? 0 : Math.max(1, Math.round(n * 0.05));
	const convStart = ref - 120 * DAY;
	const convSpan = 119 * DAY;
	let messageId = plan.messageBase;
	for (let k = 0; k < n; k++) {
		const ongoing = k >= n - ongoingCount;
		const created = ongoing
			? ref - (n - k) * 20 * MINUTE - prng.int(0, 5) * MINUTE
			: convStart + Math.floor(((k + prng.next() * 0.5) * convSpan) / n);
		let contactIndex: number;
		if (k < 3) contactIndex = k;
		else if (k % 5 === 0) contactIndex = 0;
		else contactIndex = prng.int(0, contacts.length - 1);
		const contact = contacts[Math.min(contactIndex, contacts.length - 1)];
		const theme = prng.pick(THEMES);
		let status: ConversationStatus;
		let operator: OperatorRecord | null;
		if (ongoing) {
			// the newest ongoing conversation is still waiting for an operator
			status = k === n - 1 ? 'new' : 'open';
			operator = k === n - 1 ? null : humans[k % humans.length];
		} else {
			const roll = prng.next();
			status = roll < 0.8 ? 'ended' : roll < 0.9 ? 'pending' : 'open';
			operator = prng.chance(0.92) ? prng.pick(humans) : null;
		}
		const topicIds: number[] = [];
		const themeTopic = plan.topics.find((t) => t.name === theme.topic);
		if (themeTopic && prng.chance(0.85)) topicIds.push(themeTopic.id);
		if (prng.chance(0.15)) {
			const extra = prng.pick(plan.topics);
			if (!topicIds.includes(extra.id)) topicIds.push(extra.id);
		}
		const widget = prng.chance(0.75) ? plan.widgets[0] : plan.widgets[plan.widgets.length - 1];
		const channel = widget === plan.widgets[0] ? prng.pick(CHANNELS) : 'website';
		const conversationId = plan.conversationBase + k;

		// messages
		const convMessages: MessageRecord[] = [];
		let t = created;
		const contactSender = { id: contact.id, name: contact.name };
		const operatorSender = operator
			? { id: operator.id, name: operator.name }
			: bot
				? { id: bot.id, name: bot.name }
				: null;
		const operatorSenderType: SenderType = operator ? 'operator' : 'bot';
		for (let j = 0; j < plan.messagesPerConversation; j++) {
			let type: MessageType;
			let senderType: SenderType;
			let event: string | null = null;
			let body: string;
			let sender: { id: number; name: string } | null;
			if (j === 0) {
				type = 'notification';
				senderType = 'system';
				event = 'conversation_started';
				body = `Conversation started via ${widget.name}`;
				sender = null;
			} else if (j === 1) {
				type = 'ct';
				senderType = bot ? 'bot' : 'operator';
				event = 'welcome_message';
				body = plan.welcome;
				sender = bot ? { id: bot.id, name: bot.name } : operatorSender;
			} else if (j === 2) {
				type = 'co';
				senderType = 'contact';
				body = theme.question;
				sender = contactSender;
			} else if (j === 3) {
				type = 'ct';
				senderType = operatorSenderType;
				body = theme.answer;
				sender = operatorSender;
			} else if (j === 4) {
				type = 'link';
				senderType = operatorSenderType;
				body = theme.link;
				sender = operatorSender;
			} else if (j === 5) {
				type = 'co';
				senderType = 'contact';
				body = theme.followUp;
				sender = contactSender;
			} else {
				const cycle = (j - 6) % 6;
				if (cycle === 0) {
					type = 'upload';
					senderType = 'contact';
					body = `screenshot-${j}.png`;
					sender = contactSender;
				} else if (cycle === 1) {
					type = 'ct';
					senderType = operatorSenderType;
					body = 'Thanks, I can see the problem on the screenshot.';
					sender = operatorSender;
				} else if (cycle === 2) {
					type = 'call_offer';
					senderType = operatorSenderType;
					body = 'Audio call offered';
					sender = operatorSender;
				} else if (cycle === 3) {
					type = 'call_event';
					senderType = 'system';
					event = 'call_finished';
					body = 'Call finished (4:12)';
					sender = null;
				} else if (cycle === 4) {
					type = 'co';
					senderType = 'contact';
					body = 'That solved it, have a nice day.';
					sender = contactSender;
				} else {
					type = 'ct';
					senderType = operatorSenderType;
					body = 'You are welcome! Anything else I can do for you?';
					sender = operatorSender;
				}
			}
			convMessages.push({
				id: messageId++,
				conversation_id: conversationId,
				type,
				sender_type: senderType,
				event,
				body,
				sender,
				created_at: iso(t),
			});
			t += prng.int(1, 4) * MINUTE + prng.int(0, 59) * 1000;
		}
		const contactMessages = convMessages.filter((m) => m.sender_type === 'contact');
		const lastMessage = convMessages[convMessages.length - 1];
		const lastAt = lastMessage ? Date.parse(lastMessage.created_at) : created;
		const updated = status === 'ended' ? lastAt + prng.int(1, 30) * MINUTE : lastAt;
		conversations.push({
			id: conversationId,
			organization_id: orgId,
			status,
			ongoing,
			topic_ids: topicIds,
			contact_identity_id: contact.id,
			operator_id: operator ? operator.id : null,
			um_widget_id: widget.id,
			subject: theme.subject,
			channel,
			rating: status === 'ended' && prng.chance(0.6) ? prng.int(1, 5) : null,
			created_at: iso(created),
			updated_at: iso(updated),
			contact_first_message_sent_at: contactMessages.length ? contactMessages[0].created_at : null,
			contact_last_message_sent_at: contactMessages.length
				? contactMessages[contactMessages.length - 1].created_at
				: null,
			last_message_sent_at: lastMessage ? lastMessage.created_at : null,
			contact_last_update_at: iso(created - prng.int(0, 120) * MINUTE),
		});
		messages.push(...convMessages);
		if (contactMessages.length) {
			const lastContactAt = contactMessages[contactMessages.length - 1].created_at;
			if (!contact.last_active_at || contact.last_active_at < lastContactAt)
				contact.last_active_at = lastContactAt;
		}
		if (ongoing && operator) operator.slots_used += 1;
	}

	// ---- notes: alternately on a conversation and on a contact
	const notes: NoteRecord[] = [];
	const noteBodies = [
		'Customer asked for a callback on Monday.',
		'Sent the offer by email.',
		'Escalated to the billing team.',
		'Follow up after the next release.',
		'Prefers German.',
		'Key account – handle with priority.',
	];
	for (let k = 0; k < plan.notes; k++) {
		const onConversation = k % 2 === 0 && conversations.length > 0;
		const author = humans.length ? humans[k % humans.length] : operators[0];
		if (onConversation) {
			const conv = k === 0 ? conversations[0] : prng.pick(conversations);
			notes.push({
				id: plan.noteBase + k,
				organization_id: orgId,
				body: noteBodies[k % noteBodies.length],
				conversation_id: conv.id,
				contact_identity_id: null,
				operator_id: author ? author.id : null,
				created_at: iso(Date.parse(conv.created_at) + 20 * MINUTE + k * 1000),
			});
		} else {
			const contact = k === 1 ? contacts[0] : prng.pick(contacts);
			notes.push({
				id: plan.noteBase + k,
				organization_id: orgId,
				body: noteBodies[(k + 3) % noteBodies.length],
				conversation_id: null,
				contact_identity_id: contact.id,
				operator_id: author ? author.id : null,
				created_at: iso(Date.parse(contact.created_at) + (k + 1) * DAY),
			});
		}
	}

	// ---- navigation events, ids ascending with created_at
	const navigation: NavigationRecord[] = [];
	const convsByContact = new Map<number, ConversationRecord[]>();
	for (const c of conversations) {
		const list = convsByContact.get(c.contact_identity_id) ?? [];
		list.push(c);
		convsByContact.set(c.contact_identity_id, list);
	}
	for (let k = 0; k < plan.navigation; k++) {
		const contact = prng.pick(contacts);
		const own = convsByContact.get(contact.id);
		const conv = own && prng.chance(0.5) ? prng.pick(own) : null;
		const [url, title] = prng.pick(PAGES);
		const at =
			convStart + Math.floor(((k + prng.next() * 0.5) * convSpan) / Math.max(1, plan.navigation));
		navigation.push({
			id: plan.navigationBase + k,
			organization_id: orgId,
			url,
			title,
			referrer: prng.pick(REFERRERS),
			contact_identity_id: contact.id,
			conversation_id: conv ? conv.id : null,
			created_at: iso(at),
		});
	}

	return { operators, contacts, conversations, messages, notes, navigation };
}

/** Builds the whole store. Organization 2 never depends on the options, so its ids are fixed. */
export function generateData(options: SeedOptions = {}): SimulatorData {
	const opts: Required<SeedOptions> = { ...DEFAULT_SEED, ...options };
	const ref = Date.parse(opts.referenceTime);
	if (Number.isNaN(ref)) throw new Error(`seed.referenceTime is not a date: ${opts.referenceTime}`);
	const org1Prng = new Prng(opts.random);
	const org2Prng = new Prng(opts.random ^ 0x5bd1e995);

	const widgets: Widget[] = [
		{ id: 21, organization_id: ORG_ID, name: 'Website Messenger' },
		{ id: 22, organization_id: ORG_ID, name: 'Support Center' },
		{ id: 23, organization_id: ORG2_ID, name: 'Benelux Website' },
	];
	const topics: Topic[] = [
		{ id: 31, organization_id: ORG_ID, name: 'Support' },
		{ id: 32, organization_id: ORG_ID, name: 'Sales' },
		{ id: 33, organization_id: ORG_ID, name: 'Billing' },
		{ id: 34, organization_id: ORG_ID, name: 'Feedback' },
		{ id: 35, organization_id: ORG2_ID, name: 'Support' },
		{ id: 36, organization_id: ORG2_ID, name: 'Billing' },
	];

	const org1 = generateOrg({
		orgId: ORG_ID,
		prng: org1Prng,
		domain: 'nordlicht-media.example',
		operators: org1OperatorSpecs(Math.max(1, opts.operators), org1Prng),
		operatorBase: 101,
		contacts: Math.max(1, opts.contacts),
		fixedContacts: [
			{
				first: 'Anna',
				last: 'Schmidt',
				email: 'anna.schmidt@example.com',
				country: 'DE',
				city: 'Berlin',
				street: 'Friedrichstraße 123',
				gender: 'f',
				verified: true,
				notes: 'VIP customer, prefers email.',
			},
			{
				first: 'David',
				last: 'Miller',
				email: 'david.miller@example.org',
				country: 'US',
				city: 'New York',
				street: 'Broadway 1500',
				gender: 'm',
				verified: false,
				notes: '',
			},
			{
				first: 'Gregor',
				last: 'Meyer',
				email: 'gregor.meyer@example.net',
				country: 'DE',
				city: 'Hamburg',
				street: 'Jungfernstieg 7',
				gender: 'm',
				verified: true,
				notes: 'Uses the Userlike API for his shop.',
			},
		],
		contactBase: 2001,
		conversations: Math.max(0, opts.conversations),
		conversationBase: 50001,
		messagesPerConversation: Math.max(0, opts.messagesPerConversation),
		messageBase: 700001,
		notes: Math.max(0, opts.notes),
		noteBase: 8001,
		navigation: Math.max(0, opts.navigation),
		navigationBase: 90001,
		widgets: widgets.filter((w) => w.organization_id === ORG_ID),
		topics: topics.filter((t) => t.organization_id === ORG_ID),
		welcome: 'Hi, welcome to Nordlicht Media! How can we help you?',
		ref,
	});
	const org2 = generateOrg({
		orgId: ORG2_ID,
		prng: org2Prng,
		domain: 'nordlicht-benelux.example',
		operators: [
			{ first: 'Emma', last: 'Jansen', role: 'admin', group: 13, connected: true, available: true },
			{
				first: 'Lucas',
				last: 'de Vries',
				role: 'operator',
				group: 13,
				connected: true,
				available: false,
			},
		],
		operatorBase: 91,
		contacts: 6,
		fixedContacts: [
			{
				first: 'Fenna',
				last: 'Bakker',
				email: 'fenna.bakker@example.nl',
				country: 'NL',
				city: 'Amsterdam',
				street: 'Keizersgracht 12',
				gender: 'f',
				verified: true,
				notes: '',
			},
		],
		contactBase: 1001,
		conversations: 8,
		conversationBase: 40001,
		messagesPerConversation: Math.max(0, opts.messagesPerConversation),
		messageBase: 600001,
		notes: 4,
		noteBase: 7001,
		navigation: 10,
		navigationBase: 80001,
		widgets: widgets.filter((w) => w.organization_id === ORG2_ID),
		topics: topics.filter((t) => t.organization_id === ORG2_ID),
		welcome: 'Hallo! Waarmee kunnen we je helpen?',
		ref,
	});

	const owner = org1.operators.find((o) => o.role === 'owner');
	return {
		organizations: [
			{ id: ORG_ID, name: 'Nordlicht Media GmbH' },
			{ id: ORG2_ID, name: 'Nordlicht Benelux B.V.' },
		],
		tokens: [
			{ token: ORG_TOKEN, type: 'organization', organization_id: ORG_ID },
			{ token: ORG2_TOKEN, type: 'organization', organization_id: ORG2_ID },
			{
				token: CUSTOMER_TOKEN,
				type: 'customer',
				organization_id: ORG_ID,
				organization_ids: [ORG_ID, ORG2_ID],
			},
		],
		accountOwnerId: owner ? owner.id : org1.operators[0].id,
		operatorGroups: [
			{ id: 11, organization_id: ORG_ID, name: 'Support' },
			{ id: 12, organization_id: ORG_ID, name: 'Sales' },
			{ id: 13, organization_id: ORG2_ID, name: 'Klantenservice' },
		],
		widgets,
		topics,
		// org 2's ids are lower than org 1's; the arrays are kept in id order
		operators: [...org2.operators, ...org1.operators],
		contacts: [...org2.contacts, ...org1.contacts],
		conversations: [...org2.conversations, ...org1.conversations],
		messages: [...org2.messages, ...org1.messages],
		notes: [...org2.notes, ...org1.notes],
		navigation: [...org2.navigation, ...org1.navigation],
	};
}
