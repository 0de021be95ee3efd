/**
 * The dashboard and the Git webhook inside Jenkins: a root action serving the engine's UI and API for the caller's
 * permissions, and an unprotected root action for webhooks, verified by their signatures.
 */
package io.jenkins.plugins.gitopsbridge.ui;
