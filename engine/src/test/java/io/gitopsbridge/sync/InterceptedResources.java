package io.gitopsbridge.sync;

import io.gitopsbridge.kube.Resources;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;

/** Real {@link Resources} with chosen calls observed or answered otherwise: a refusing webhook, a call counter. */
final class InterceptedResources {
    /** Decides a call: return a value to answer it, or {@link #PASS} to let the real resources answer. */
    interface Handler {
        Object handle(String method, Object[] args) throws Throwable;
    }

    static final Object PASS = new Object();

    private InterceptedResources() {}

    static Resources of(Resources real, Handler handler) {
        return (Resources) Proxy.newProxyInstance(InterceptedResources.class.getClassLoader(), new Class<?>[] {Resources.class},
                (proxy, method, args) -> {
                    Object answer = handler.handle(method.getName(), args);
                    if (answer != PASS) {
                        return answer;
                    }
                    try {
                        return method.invoke(real, args);
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
    }
}
