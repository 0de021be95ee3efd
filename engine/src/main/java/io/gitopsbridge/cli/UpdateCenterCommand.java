package io.gitopsbridge.cli;

import io.gitopsbridge.updatesite.PluginArchive;
import io.gitopsbridge.updatesite.SigningKey;
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

    @CommandLine.ArgGroup(exclusive = true, multiplicity = "1")
    Signing signing;

    /** Signed, or explicitly not: Jenkins refuses an unsigned site unless all its signature checks are off. */
    static final class Signing {
        @CommandLine.ArgGroup(exclusive = false)
        Key key;

        @Option(names = "--unsigned", required = true,
                description = "Write the document without a signature (only a Jenkins started with signature checks off"
                        + " accepts it).")
        boolean unsigned;
    }

    static final class Key {
        @Option(names = "--key", required = true, paramLabel = "FILE",
                description = "The RSA private key to sign with, PEM PKCS#8 ('BEGIN PRIVATE KEY').")
        Path key;

        @Option(names = "--certificate", required = true, paramLabel = "FILE",
                description = "PEM certificates: the key's certificate first, then any intermediates. Jenkins trusts"
                        + " the root CA that issued them when it is in $JENKINS_HOME/update-center-rootCAs/.")
        Path certificate;
    }

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
        SigningKey key = signing.key == null ? null : SigningKey.read(signing.key.key, signing.key.certificate);
        Files.writeString(output, UpdateCenter.json(id, archives, urlPrefix,
                released != null ? released : Instant.now(), connectionCheckUrl, key));
        spec.commandLine().getOut().println("Wrote " + output + (key == null ? " (unsigned)" : " signed by "
                + key.certificates().get(0).getSubjectX500Principal().getName()) + " offering "
                + archives.stream().map(a -> a.name() + " " + a.version()).toList());
        return 0;
    }
}
