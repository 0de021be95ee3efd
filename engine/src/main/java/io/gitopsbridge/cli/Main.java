package io.gitopsbridge.cli;

import java.io.BufferedWriter;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** Entry point of {@code java -jar gitops-bridge.jar}. */
@Command(
        name = "gitops-bridge",
        mixinStandardHelpOptions = true,
        versionProvider = Main.VersionProvider.class,
        description = "Task Pods, Kaniko builds, GitOps write-back and an Argo CD-style sync engine, without Jenkins.",
        subcommands = {VersionCommand.class, ClusterInfoCommand.class, RunCommand.class, TranslateCommand.class, RenderCommand.class, DiffCommand.class, SyncCommand.class, ControllerCommand.class, SetImageCommand.class,
            UpdateCenterCommand.class})
public final class Main implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        // System.exit does not flush: a PrintWriter's buffer (print, not println) would be lost with the output's tail.
        PrintWriter out = new PrintWriter(new BufferedWriter(new OutputStreamWriter(System.out, StandardCharsets.UTF_8)));
        PrintWriter err = new PrintWriter(new OutputStreamWriter(System.err, StandardCharsets.UTF_8), true);
        int code;
        try {
            code = run(out, err, args);
        } finally {
            out.flush();
            err.flush();
        }
        if (out.checkError()) {
            System.err.println("gitops-bridge: could not write all of the output");
            code = code == 0 ? 1 : code;
        }
        System.exit(code);
    }

    /** Runs the command line and returns its exit code; 0 success, 1 failure, 2 usage error. */
    public static int run(PrintWriter out, PrintWriter err, String... args) {
        CommandLine cli = new CommandLine(new Main());
        cli.setOut(out);
        cli.setErr(err);
        cli.setExecutionExceptionHandler((e, command, parsed) -> {
            command.getErr().println("gitops-bridge: " + (e.getMessage() != null ? e.getMessage() : e.toString()));
            return 1;
        });
        return cli.execute(args);
    }

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /** Supplies {@code --version}. */
    static final class VersionProvider implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[] {"gitops-bridge " + Version.current()};
        }
    }
}
