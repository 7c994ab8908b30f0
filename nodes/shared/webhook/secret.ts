/**
 * The webhook secret of both Userlike triggers. Userlike signs neither its add-on callbacks nor its
 * chatbot webhook calls; both can carry headers configured in the Userlike Dashboard. A trigger that
 * has a credential with a header name and value accepts only calls that carry that header with that
 * value: a missing header is answered 401, a wrong value 403, and nothing starts. A credential that is
 * attached but cannot check (no usable header name, no value) refuses every call with 500: it fails
 * closed, never open.
 *
 * The two credentials (Userlike Webhook Header for add-on callbacks, Userlike Chatbot API for the chatbot
 * webhook) store the secret under the same field names, so one check serves both.
 */
import { createHash, timingSafeEqual } from 'crypto';
import type {
	ICredentialDataDecryptedObject,
	ICredentialsDecrypted,
	ICredentialTestFunctions,
	INodeCredentialTestResult,
	IWebhookFunctions,
} from 'n8n-workflow';

/** The credential of the add-on callbacks' header (credentials/UserlikeWebhookHeaderApi.credentials.ts). */
export const WEBHOOK_HEADER_CREDENTIAL = 'userlikeWebhookHeaderApi';
/**
 * The chatbot's credential (credentials/UserlikeChatbotApi.credentials.ts): the webhook header of the
 * Chatbot Trigger and the API URL and security token of the Chatbot reply node.
 */
export const CHATBOT_CREDENTIAL = 'userlikeChatbotApi';

export const HEADER_NAME_FIELD = 'webhookHeaderName';
export const HEADER_VALUE_FIELD = 'webhookHeaderSecret';

/** A value shorter than this is refused by the credential test: it would be guessable. */
export const MIN_SECRET_LENGTH = 16;

/** RFC 9110 field-name: a token. */
const HEADER_NAME = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;

export interface HeaderSecret {
	/** Lower case, as Node.js delivers incoming header names. */
	name: string;
	value: string;
}

export type SecretCheck =
	| { ok: true }
	| { ok: false; status: 401 | 403 | 500; message: string; logMessage?: string };

/**
 * Compares in constant time: both sides are hashed to 32 bytes first, so neither the position of the
 * first difference nor the length of the expected value shows in the timing.
 */
export function secretsEqual(received: string, expected: string): boolean {
	const a = createHash('sha256').update(received, 'utf8').digest();
	const b = createHash('sha256').update(expected, 'utf8').digest();
	return timingSafeEqual(a, b);
}

/**
 * Reads the header secret from credential data: the secret, or an error text when the credential
 * cannot be used to check calls (no usable header name, an invalid name, a name without value).
 * Undefined (no check) only where the secret is `optional` (the chatbot credential, which also holds
 * the bot's API URL) and both fields were left empty. A header name of only spaces is no name: the
 * check fails closed instead of being switched off.
 */
export function headerSecretFrom(
	credentials: ICredentialDataDecryptedObject | undefined,
	optional = false,
): HeaderSecret | undefined | string {
	const rawName = String(credentials?.[HEADER_NAME_FIELD] ?? '');
	const value = String(credentials?.[HEADER_VALUE_FIELD] ?? '');
	const name = rawName.trim();
	if (optional && rawName === '' && value === '') return undefined;
	if (!name) return 'the header name is empty';
	if (!HEADER_NAME.test(name)) return `"${name}" is not a valid HTTP header name`;
	if (!value) return `the header ${name} has no value`;
	return { name: name.toLowerCase(), value };
}

/**
 * Every copy of the header `name` (lower case) the caller sent, in order. Node.js joins repeated
 * headers with ", " in `headers`, which no secret compares equal to; `rawHeaders` keeps each copy.
 */
export function headerCopies(
	headers: Record<string, string | string[] | undefined>,
	rawHeaders: string[] | undefined,
	name: string,
): string[] {
	if (Array.isArray(rawHeaders) && rawHeaders.length) {
		const copies: string[] = [];
		for (let i = 0; i + 1 < rawHeaders.length; i += 2) {
			if (rawHeaders[i].toLowerCase() === name) copies.push(rawHeaders[i + 1]);
		}
		return copies;
	}
	const raw = headers[name];
	return raw === undefined ? [] : Array.isArray(raw) ? raw : [raw];
}

/** Checks the copies of the header the caller sent against the secret. */
export function checkHeaderSecret(received: string[], secret: HeaderSecret): SecretCheck {
	if (!received.length) {
		return { ok: false, status: 401, message: `Authorization is required: header ${secret.name}` };
	}
	// A header sent twice is accepted if one copy matches: the caller knows the secret either way
	// (a proxy may add a copy of its own).
	let match = false;
	for (const value of received) {
		// Every copy is compared, so the time spent does not depend on which copy matched.
		if (secretsEqual(value, secret.value)) match = true;
	}
	if (!match) {
		return {
			ok: false,
			status: 403,
			message: `Authorization data is wrong: header ${secret.name}`,
		};
	}
	return { ok: true };
}

/**
 * Runs the check for a trigger, using the credential of `credentialType` when one is attached to the
 * node (none attached: every call is accepted). An attached credential that cannot check calls
 * refuses every call (500). `optional`: see headerSecretFrom. On failure the answer is written here
 * and the caller returns `{ noWebhookResponse: true }`.
 */
export async function verifyWebhookSecret(
	this: IWebhookFunctions,
	credentialType: string,
	optional = false,
): Promise<boolean> {
	if (!this.getNode().credentials?.[credentialType]) return true;
	const credentials = await this.getCredentials(credentialType);
	const secret = headerSecretFrom(credentials, optional);
	let result: SecretCheck;
	if (secret === undefined) {
		result = { ok: true };
	} else if (typeof secret === 'string') {
		// Fail closed: a credential that asks for a check it cannot make must not let calls through.
		result = {
			ok: false,
			status: 500,
			message: 'The webhook secret is misconfigured in n8n',
			logMessage: `${this.getNode().name}: the credential cannot be used to check calls: ${secret}. Every call is refused until the credential is fixed.`,
		};
	} else {
		const copies = headerCopies(
			this.getHeaderData() as Record<string, string | string[] | undefined>,
			this.getRequestObject().rawHeaders,
			secret.name,
		);
		result = checkHeaderSecret(copies, secret);
	}
	if (result.ok) return true;
	if (result.logMessage) this.logger.warn(result.logMessage);
	this.getResponseObject().status(result.status).json({ message: result.message });
	return false;
}

/**
 * Credential test for a header secret (used through `testedBy`): checks what can be checked without
 * Userlike, which is the caller and offers no request that would show its configured headers.
 */
export async function testHeaderSecretCredential(
	this: ICredentialTestFunctions,
	credential: ICredentialsDecrypted,
): Promise<INodeCredentialTestResult> {
	if (!String(credential.data?.[HEADER_NAME_FIELD] ?? '').trim()) {
		return { status: 'Error', message: 'Enter the name of the header Userlike sends' };
	}
	const secret = headerSecretFrom(credential.data);
	if (typeof secret !== 'object') {
		return { status: 'Error', message: `Cannot use this header: ${secret}` };
	}
	if (secret.value.length < MIN_SECRET_LENGTH) {
		return {
			status: 'Error',
			message: `The header value is shorter than ${MIN_SECRET_LENGTH} characters: use a long random string`,
		};
	}
	return {
		status: 'OK',
		message: `Header ${secret.name} is well-formed. Userlike is the caller, so n8n cannot test more: send a test event from Userlike (a missing header is answered 401, a wrong value 403).`,
	};
}
