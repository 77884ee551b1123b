/**
 * docker-registry's own record of what it was asked: with log.level info, gorilla's combined access log
 * writes one line per request ("HEAD /v2/app/manifests/1 HTTP/1.1" 200 ...), retries included.
 */
export interface LoggedRequest {
  method: string;
  path: string;
  status: number;
}

const LINE = /"([A-Z]+) (\/v2\/[^ "]*) HTTP\/1\.1" (\d{3}) /g;

/** Requests in `logs` (the registry's output, from where a test started to count). */
export function loggedRequests(logs: string): LoggedRequest[] {
  return [...logs.matchAll(LINE)].map(([, method = '', path = '', status = '0']) => ({ method, path, status: Number(status) }));
}

/** Counts by method, as an audit's summary gives them (token requests go to another server). */
export function countByMethod(requests: readonly LoggedRequest[]): { GET: number; HEAD: number } {
  return {
    GET: requests.filter((r) => r.method === 'GET').length,
    HEAD: requests.filter((r) => r.method === 'HEAD').length,
  };
}
