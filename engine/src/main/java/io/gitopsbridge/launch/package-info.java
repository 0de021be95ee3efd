/**
 * One entry point for "run this Task or Pipeline": reads a definition of either kind, turns loosely typed params and
 * workspace specs (from a command line or a Jenkinsfile) into typed ones, and starts the run, so the CLI and the
 * Jenkins steps share one path from input to outcome.
 */
package io.gitopsbridge.launch;
