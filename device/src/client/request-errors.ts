/** What the API answered, as errors: GraphQL errors with their codes, or an HTTP status without a GraphQL body. */

export interface GraphQLErrorPayload {
  readonly message: string;
  readonly extensions?: { code?: string; [key: string]: unknown };
}

export interface GraphQLResponse<T> {
  readonly data?: T | null;
  readonly errors?: readonly GraphQLErrorPayload[];
}

/** Thrown by `SeccamClient.graphql` when the response carries errors. */
export class GraphQLRequestError extends Error {
  readonly code: string | undefined;
  constructor(readonly errors: readonly GraphQLErrorPayload[]) {
    super(errors.map((e) => e.message).join('; '));
    this.name = 'GraphQLRequestError';
    this.code = errors[0]?.extensions?.code;
  }
}

/** Thrown when the server answers a GraphQL request with an HTTP status and no GraphQL body (413, 400, an edge's 502…). */
export class HttpStatusError extends Error {
  constructor(readonly status: number) {
    super(`The server answered HTTP ${status} without a GraphQL body.`);
    this.name = 'HttpStatusError';
  }
}
