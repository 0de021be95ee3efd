/**
 * Continuous reconciliation, as Argo CD's application controller does it: the decisions (automated sync, self-heal
 * backoff, retries) as pure functions over an application's comparison and status, kept apart from the loop that
 * refreshes, queues and runs operations.
 */
package io.gitopsbridge.controller;
