/**
 * The {@code gitops-bridge} command line: the engine's capabilities without Jenkins, one subcommand each.
 */
package io.gitopsbridge.cli;
