/**
 * The webhook secret of both Userlike triggers. Userlike signs neither its add-on callbacks nor its
 * chatbot webhook calls; both can carry headers configured in the Userlike Dashboard. A trigger that
 * has a credential with a header name and value accepts only calls that carry that header with that
 * value: a missing header is answered 401, a wrong value 403, and nothing starts.
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
 * Reads the header secret from credential data. Undefined when no header name is set (no check);
 * an error text when the credential is unusable (a name without value, or an invalid name).
 */
export function headerSecretFrom(
	credentials: ICredentialDataDecryptedObject | undefined,
): HeaderSecret | undefined | string {
	if (!credentials) return undefined;
	const name = String(credentials[HEADER_NAME_FIELD] ?? '').trim();
	const value = String(credentials[HEADER_VALUE_FIELD] ?? '');
	if (!name) return undefined;
	if (!HEADER_NAME.test(name)) return `"${name}" is not a valid HTTP header name`;
	if (!value) return `the header ${name} has no value`;
	return { name: name.toLowerCase(), value };
}

/** Checks the incoming headers against the secret. */
export function checkHeaderSecret(
	headers: Record<string, string | string[] | undefined>,
	secret: HeaderSecret,
): SecretCheck {
	const raw = headers[secret.name];
	if (raw === undefined || (Array.isArray(raw) && raw.length === 0)) {
		return { ok: false, status: 401, message: `Authorization is required: header ${secret.name}` };
	}
	// A header sent twice arrives as a list (or joined by Node.js): accepted only if one copy matches.
	const received = Array.isArray(raw) ? raw : [raw];
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
 * node (none attached: every call is accepted). On failure the answer is written here and the caller
 * returns `{ noWebhookResponse: true }`.
 */
export async function verifyWebhookSecret(
	this: IWebhookFunctions,
	credentialType: string,
): Promise<boolean> {
	if (!this.getNode().credentials?.[credentialType]) return true;
	const credentials = await this.getCredentials(credentialType);
	const secret = headerSecretFrom(credentials);
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
		result = checkHeaderSecret(this.getHeaderData(), secret);
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
	const secret = headerSecretFrom(credential.data);
	if (secret === undefined) {
		return { status: 'Error', message: 'Enter the name of the header Userlike sends' };
	}
	if (typeof secret === 'string') {
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
