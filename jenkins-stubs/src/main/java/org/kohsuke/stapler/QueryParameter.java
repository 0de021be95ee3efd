package org.kohsuke.stapler;

import static java.lang.annotation.ElementType.PARAMETER;
import static java.lang.annotation.RetentionPolicy.RUNTIME;

import java.lang.annotation.Documented;
import java.lang.annotation.Retention;
import java.lang.annotation.Target;

/**
 * Stub of stapler 1903.1905.ve5a_f469356f0 {@code core/src/main/java/org/kohsuke/stapler/QueryParameter.java}.
 * The real meta-annotation {@code @InjectedParameter} is read from the real class at run time.
 */
@Retention(RUNTIME)
@Target(PARAMETER)
@Documented
public @interface QueryParameter {
    String value() default "";

    boolean required() default false;

    boolean fixEmpty() default false;
}
