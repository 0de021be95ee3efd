/**
 * A per-cluster cache of live objects kept by watches, as gitops-engine's {@code pkg/cache} keeps one: comparisons
 * read from it instead of listing the API server, and its events say which application's objects changed.
 */
package io.gitopsbridge.cache;
