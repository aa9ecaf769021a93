// Owns the contract between requestUrl and its transports (Node http/https, browser fetch).

export interface TransportRequest {
  url: string;
  method: string;
  /** Header names as the caller spelled them. */
  headers: Record<string, string>;
  body?: Uint8Array;
}

export interface TransportResponse {
  status: number;
  /** Lower-case names; repeated headers joined with ', ' (Set-Cookie included, as Electron's net does). */
  headers: Record<string, string>;
  /** Every Set-Cookie value on its own (only visible in Node; browsers hide Set-Cookie from fetch). */
  setCookie: string[];
  body: Uint8Array;
  /** URL after redirects. */
  url: string;
}

export type Transport = (request: TransportRequest) => Promise<TransportResponse>;
