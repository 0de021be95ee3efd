/**
 * Global configuration: the named clusters steps and the sync engine connect to, with their kubeconfig
 * credentials. Configured on Manage Jenkins › System or with Configuration as Code ({@code unclassified:
 * gitopsBridge:}).
 */
package io.jenkins.plugins.gitopsbridge.config;
