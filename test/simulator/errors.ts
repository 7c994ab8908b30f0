/** An error answer; handlers throw it and the router turns it into the response. */
export class ApiError extends Error {
	constructor(
		public readonly status: number,
		public readonly body: unknown,
		public readonly headers: Record<string, string> = {},
	) {
		super(
			typeof body === 'object' && body !== null && 'detail' in body
				? String((body as { detail: unknown }).detail)
				: `HTTP ${status}`,
		);
	}
}

// not in the docs: error bodies follow Django REST Framework, `{"detail": "..."}` or `{"<field>": ["..."]}`.
export const notFound = (): ApiError => new ApiError(404, { detail: 'Not found.' });
export const badRequest = (body: unknown): ApiError => new ApiError(400, body);
export const fieldError = (field: string, message: string): ApiError =>
	new ApiError(400, { [field]: [message] });
