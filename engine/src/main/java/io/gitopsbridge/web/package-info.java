/**
 * The Applications dashboard's JSON API, its static UI and the Git webhook receivers, shared by the standalone
 * controller's web server and the Jenkins plugin: {@link io.gitopsbridge.web.Api} answers requests over a
 * {@link io.gitopsbridge.web.Backend} for a caller's {@link io.gitopsbridge.web.Access}, and
 * {@link io.gitopsbridge.web.Webhook} turns a verified push into refreshes.
 */
package io.gitopsbridge.web;
