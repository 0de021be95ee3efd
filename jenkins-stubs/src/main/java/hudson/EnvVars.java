package hudson;

import java.util.TreeMap;

/** Jenkins core's environment of a build step ({@code StepContext.get(EnvVars.class)}): only its Map face is used. */
public class EnvVars extends TreeMap<String, String> {
    public EnvVars() {}
}
