package org.kohsuke.stapler;

import jakarta.servlet.http.HttpServletRequest;
import net.sf.json.JSONObject;

/** Stub of stapler 1903.1905.ve5a_f469356f0 {@code core/src/main/java/org/kohsuke/stapler/StaplerRequest2.java}. */
public interface StaplerRequest2 extends HttpServletRequest {
    <T> T bindJSON(Class<T> type, JSONObject src);

    void bindJSON(Object bean, JSONObject src);

    /** The part of the URL after the object that took the request (a {@code doDynamic}'s path). */
    String getRestOfPath();
}
