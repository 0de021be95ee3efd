/**
 * Self-hosted Jenkins update sites: reads built plugin archives ({@code .hpi}) and writes the
 * {@code update-center.json} that Jenkins' {@code hudson.model.UpdateSite} parses.
 */
package io.gitopsbridge.updatesite;
