/**
 * GitOps Bridge for Jenkins: thin glue between Jenkins (configuration, credentials, steps, pages) and the
 * Jenkins-free engine in {@code io.gitopsbridge}.
 */
package io.jenkins.plugins.gitopsbridge;
