/**
 * Continuous reconciliation inside Jenkins: a managed background service that runs the engine's controller for the
 * applications of the global configuration, started once Jenkins has loaded its jobs, stopped on shutdown and
 * following every save of the configuration.
 */
package io.jenkins.plugins.gitopsbridge.controller;
