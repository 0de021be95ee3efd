/**
 * Declarative Jenkinsfiles read with Groovy's own parser (nothing is compiled or run) into a model of the
 * {@code pipeline {}} block, and translated into a Tekton Pipeline with a report of every construct that cannot be.
 */
package io.gitopsbridge.jenkinsfile;
