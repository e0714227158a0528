// Where the API listens unless told otherwise; shared by the node and the CLI that talks to it.
export const DEFAULT_API_HOST = '127.0.0.1';
export const DEFAULT_API_PORT = 8645;
export const DEFAULT_API_URL = `http://${DEFAULT_API_HOST}:${DEFAULT_API_PORT}`;
