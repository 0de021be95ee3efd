package org.kohsuke.stapler;

/**
 * Stub of stapler 1903.1905.ve5a_f469356f0 {@code core/src/main/java/org/kohsuke/stapler/HttpResponse.java}.
 * Its two default {@code generateResponse} methods are not called by the plugin and are not declared.
 */
public interface HttpResponse {}
