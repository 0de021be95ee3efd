package org.kohsuke.stapler.verb;

import static java.lang.annotation.ElementType.METHOD;
import static java.lang.annotation.RetentionPolicy.RUNTIME;

import java.lang.annotation.Documented;
import java.lang.annotation.Retention;
import java.lang.annotation.Target;

/**
 * Stub of stapler 1903.1905.ve5a_f469356f0 {@code core/src/main/java/org/kohsuke/stapler/verb/POST.java}.
 * The real meta-annotation {@code @InterceptorAnnotation} is read from the real class at run time.
 */
@Target(METHOD)
@Retention(RUNTIME)
@Documented
public @interface POST {}
