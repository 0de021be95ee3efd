package io.gitopsbridge.cli;

import io.gitopsbridge.updatesite.PluginArchive;
import io.gitopsbridge.updatesite.UpdateCenter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code gitops-bridge update-center}: writes update-center.json for a self-hosted update site. */
@Command(name = "update-center", mixinStandardHelpOptions = true,
        description = "Write update-center.json offering the given plugin archives (.hpi/.jpi) from a self-hosted update site.")
final class UpdateCenterCommand implements Callable<Integer> {
    @Parameters(arity = "1..*", paramLabel = "PLUGIN", description = "Plugin archives to offer.")
    List<Path> plugins;

    @Option(names = "--output", required = true, paramLabel = "FILE", description = "Where to write update-center.json.")
    Path output;

    @Option(names = "--id", defaultValue = "gitops-bridge",
            description = "The id the site has in Jenkins (default: ${DEFAULT-VALUE}, for a second site beside the main"
                    + " one; 'default' only when it replaces the main site: two sites with one id break Jenkins' plugin"
                    + " manager).")
    String id;

    @Option(names = "--connection-check-url", defaultValue = "https://www.google.com/", paramLabel = "URL",
            description = "What Jenkins fetches to check it is online (default: ${DEFAULT-VALUE}, as the main update"
                    + " center's); set a URL your controller can reach.")
    String connectionCheckUrl;

    @Option(names = "--url-prefix", defaultValue = "",
            description = "Prefix of each archive's download URL; empty means relative to the site's URL.")
    String urlPrefix;

    @Option(names = "--released", paramLabel = "INSTANT", description = "Release timestamp (default: now).")
    Instant released;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        List<PluginArchive> archives = new ArrayList<>();
        for (Path p : plugins) {
            archives.add(PluginArchive.read(p));
        }
        Path parent = output.toAbsolutePath().getParent();
        Files.createDirectories(parent);
        Files.writeString(output, UpdateCenter.json(id, archives, urlPrefix,
                released != null ? released : Instant.now(), connectionCheckUrl));
        spec.commandLine().getOut().println("Wrote " + output + " offering "
                + archives.stream().map(a -> a.name() + " " + a.version()).toList());
        return 0;
    }
}
