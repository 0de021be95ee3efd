package org.jenkinsci.plugins.structs.describable;

import edu.umd.cs.findbugs.annotations.NonNull;
import java.util.Map;

/**
 * Stub of structs 338.v848422169819
 * {@code src/main/java/org/jenkinsci/plugins/structs/describable/CustomDescribableModel.java}: implemented by a
 * descriptor to rewrite the arguments {@code DescribableModel.instantiate} binds. Its other method,
 * {@code customUninstantiate}, has a default too and is not declared here.
 */
public interface CustomDescribableModel {
    @NonNull
    default Map<String, Object> customInstantiate(@NonNull Map<String, Object> arguments) {
        return arguments;
    }
}
