/**
 * The peer of the Return All rows: n8n's HTTP Request node 4.2 listing Userlike's conversations with
 * its own pagination (follow `next` until it is null), with the API token as a plain header.
 */
import { ORG_TOKEN } from '../simulator';

export function httpRequestReturnAllParameters(simulatorUrl: string) {
	return {
		url: `${simulatorUrl}/api/um/v3/conversations/`,
		sendQuery: true,
		queryParameters: { parameters: [{ name: 'limit', value: '100' }] },
		sendHeaders: true,
		headerParameters: { parameters: [{ name: 'Authorization', value: ORG_TOKEN }] },
		options: {
			pagination: {
				pagination: {
					paginationMode: 'responseContainsNextURL',
					nextURL: '={{ $response.body.next }}',
					paginationCompleteWhen: 'other',
					completeExpression: '={{ !$response.body.next }}',
					limitPagesFetched: false,
					requestInterval: 0,
				},
			},
		},
	};
}
