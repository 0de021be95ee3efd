package io.gitopsbridge.bench;

import io.gitopsbridge.git.GitAuth;
import io.gitopsbridge.testing.GitHttpServer;
import io.gitopsbridge.writeback.Edit;
import io.gitopsbridge.writeback.WriteBack;
import io.gitopsbridge.writeback.WriteBackRequest;
import io.gitopsbridge.writeback.WriteBackResult;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * One write-back on a config repository of 10,000 files and 1,000 commits: cold (an empty cache: the branch fetched shallow)
 * and warm (cached clone, fetch only), next to the same work with the git command line (clone, edit, commit, push)
 * in the same run. Both talk to the same local bare repository, so the numbers compare the clients, not a network.
 */
public final class WriteBackBench {
    private static final int FILES = 10_000;
    private static final int COMMITS = 1_000;
    private static final WriteBackRequest.Identity CI = new WriteBackRequest.Identity("Bench", "bench@example.com");

    private WriteBackBench() {}

    public static void main(String[] args) throws Exception {
        Path dir = Files.createTempDirectory("writeback-bench");
        Path bare = dir.resolve("config.git");
        long t0 = System.nanoTime();
        createRepository(bare);
        System.out.printf("config repository: %,d files, %,d commits, made in %.1f s%n", FILES, COMMITS, seconds(t0));

        git(bare, "config", "http.receivepack", "true");
        long cold;
        long warm;
        long warm2;
        long cli;
        // Over HTTP, for both: the engine reaches no repository on local disk.
        try (GitHttpServer server = GitHttpServer.startAnonymous(dir)) {
            String url = server.url("config").toString();
            Path cache = dir.resolve("cache");
            cold = time(() -> writeBack(url, cache, "app-17", "2.0.0"));
            warm = time(() -> writeBack(url, cache, "app-42", "2.0.0"));
            warm2 = time(() -> writeBack(url, cache, "app-43", "2.0.0"));
            cli = time(() -> gitCli(url, dir.resolve("cli"), "app-99", "2.0.0"));
        }

        System.out.println();
        System.out.println("| write-back of one value                  |    ms | vs git CLI |");
        System.out.println("|------------------------------------------|------:|-----------:|");
        row("gitops-bridge, cold (empty cache)", cold, cli);
        row("gitops-bridge, warm (cached, fetch only)", warm, cli);
        row("gitops-bridge, warm again", warm2, cli);
        row("git CLI: clone, edit, commit, push", cli, cli);
    }

    private static void row(String what, long nanos, long cli) {
        System.out.printf("| %-40s | %5d | %9.2fx |%n", what, nanos / 1_000_000, (double) nanos / cli);
    }

    private interface Work {
        void run() throws Exception;
    }

    private static long time(Work work) throws Exception {
        long start = System.nanoTime();
        work.run();
        return System.nanoTime() - start;
    }

    private static double seconds(long since) {
        return (System.nanoTime() - since) / 1e9;
    }

    private static void writeBack(String url, Path cache, String app, String tag) throws InterruptedException {
        WriteBackResult r = new WriteBack(cache).run(WriteBackRequest.of(url, "main", GitAuth.NONE,
                List.of(new Edit.SetValue("apps/" + app + "/values.yaml", "image.tag", tag, false)), CI), s -> {});
        if (!r.changed()) {
            throw new IllegalStateException("the bench edit changed nothing");
        }
    }

    private static void gitCli(String url, Path work, String app, String tag) throws Exception {
        git(null, "clone", "--quiet", "--branch", "main", url, work.toString());
        Path values = work.resolve("apps/" + app + "/values.yaml");
        Files.writeString(values, Files.readString(values).replace("tag: \"1.0.0\"", "tag: \"" + tag + "\""));
        git(work, "-c", "user.name=Bench", "-c", "user.email=bench@example.com", "commit", "--quiet", "-am", "bump " + app);
        git(work, "push", "--quiet", "origin", "main");
    }

    /** 10,000 values files in the first commit, then 999 commits that each change one of them (git fast-import). */
    private static void createRepository(Path bare) throws Exception {
        git(null, "init", "--quiet", "--bare", "--initial-branch=main", bare.toString());
        Process p = new ProcessBuilder("git", "fast-import", "--quiet").directory(bare.toFile())
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        try (OutputStream in = p.getOutputStream()) {
            StringBuilder first = new StringBuilder();
            for (int i = 0; i < FILES; i++) {
                first.append(modify(i, "1.0.0"));
            }
            in.write(commit(1, first.toString()).getBytes(StandardCharsets.UTF_8));
            for (int c = 2; c <= COMMITS; c++) {
                // Commits touch apps from 5000 up, so the bench's edits (apps below 100) start from "1.0.0".
                in.write(commit(c, modify(5_000 + c % 5_000, "1.0." + c)).getBytes(StandardCharsets.UTF_8));
            }
        }
        if (p.waitFor() != 0) {
            throw new IOException("git fast-import failed");
        }
    }

    private static String modify(int app, String tag) {
        String content = "# values for app-" + app + "\nreplicaCount: 2\nimage:\n  repository: registry.example.com/apps/app-"
                + app + "\n  tag: \"" + tag + "\"  # bumped by CI\n";
        return "M 100644 inline apps/app-" + app + "/values.yaml\ndata " + content.getBytes(StandardCharsets.UTF_8).length
                + "\n" + content + "\n";
    }

    private static String commit(int n, String changes) {
        String message = "commit " + n;
        return "commit refs/heads/main\ncommitter Bench <bench@example.com> " + (1_700_000_000L + n) + " +0000\n"
                + "data " + message.length() + "\n" + message + "\n" + changes + "\n";
    }

    private static void git(Path dir, String... args) throws Exception {
        String[] command = new String[args.length + 1];
        command[0] = "git";
        System.arraycopy(args, 0, command, 1, args.length);
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
        if (dir != null) {
            pb.directory(dir.toFile());
        }
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (p.waitFor() != 0) {
            throw new IOException("git " + String.join(" ", args) + " failed: " + out);
        }
    }
}
