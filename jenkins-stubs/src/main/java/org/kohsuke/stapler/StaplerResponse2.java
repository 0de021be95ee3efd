package org.kohsuke.stapler;

import jakarta.servlet.http.HttpServletResponse;

/** Stub of stapler 1903.1905.ve5a_f469356f0 {@code core/src/main/java/org/kohsuke/stapler/StaplerResponse2.java}. */
public interface StaplerResponse2 extends HttpServletResponse {}
