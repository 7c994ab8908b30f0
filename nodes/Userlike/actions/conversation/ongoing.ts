import type { NodeApiError } from 'n8n-workflow';

/**
 * Userlike does not delete ongoing conversations ("As a precaution, you cannot delete ongoing
 * conversations") and answers 400. Say what that means for the user.
 */
export function explainOngoing(error: NodeApiError): NodeApiError {
	if (error.httpCode === '400' && /ongoing/i.test(error.message)) {
		error.description =
			'Userlike never deletes ongoing conversations. End the conversation in Userlike (or wait until it ends), then delete it; leave it out with Exclude IDs to delete the others.';
	}
	return error;
}
