package io.gitopsbridge.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code gitops-bridge version}. */
@Command(name = "version", description = "Print the version and exit.", mixinStandardHelpOptions = true)
final class VersionCommand implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().getOut().println("gitops-bridge " + Version.current());
    }
}
