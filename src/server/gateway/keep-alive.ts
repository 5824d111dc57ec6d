/**
 * How long the API and the gateway keep an idle kept-alive connection open. The AWS SDK for
 * JavaScript's agent keeps idle sockets until the server closes them, so with Node's default
 * (5 s) a client that reuses one just as the server closes it gets ECONNRESET. AWS's endpoints
 * keep idle connections for minutes (a load balancer's default idle timeout is 60 s, an NLB's
 * 350 s); so do we, and the client, not the server, is the one that lets a socket go.
 *
 * headersTimeout does not shorten this: since Node 18 it counts from a request's first byte,
 * not from the end of the previous response (it must only not exceed requestTimeout).
 */
export const IDLE_KEEP_ALIVE_MS = 10 * 60 * 1000;
