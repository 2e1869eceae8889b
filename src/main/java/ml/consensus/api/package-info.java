/**
 * The HTTP surface: controllers (one service call per handler), the JSON shapes of requests and
 * answers (snake_case, the seed's contract), the request size limit, and the one place refusals
 * become RFC 9457 problems ({@link ml.consensus.api.ApiExceptionHandler}). No rule lives here.
 */
package ml.consensus.api;
