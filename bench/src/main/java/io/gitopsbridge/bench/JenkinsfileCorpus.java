package io.gitopsbridge.bench;

import io.gitopsbridge.jenkinsfile.BuildContext;
import io.gitopsbridge.jenkinsfile.Declarative;
import io.gitopsbridge.jenkinsfile.DeclarativeReader;
import io.gitopsbridge.jenkinsfile.JenkinsfileException;
import io.gitopsbridge.jenkinsfile.Report;
import io.gitopsbridge.jenkinsfile.Translator;
import io.gitopsbridge.launch.RunFile;
import io.gitopsbridge.tekton.TaskResolver;
import io.gitopsbridge.yaml.Trees;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Translates a directory of real Jenkinsfiles (their text stays outside the project; {@code jenkinsfile-corpus.tsv}
 * lists where each came from) and prints how much translates: files, stages, and each refused construct with its
 * count. Every translated PipelineRun is also read back by our Tekton reading, which must accept it.
 *
 * <p>The build each is translated for is a plain one: branch {@code main}, a configured agent image, a tool table for
 * the common tool types, and credential types as the file's own use of them shows ({@code X_USR} → username and
 * password, else secret text), where Jenkins would look them up.
 */
public final class JenkinsfileCorpus {
    private static final Pattern CREDENTIALS = Pattern.compile("(\\w+)\\s*=\\s*credentials\\(\\s*['\"]([^'\"]+)['\"]\\s*\\)");
    private static final Pattern BINDING = Pattern.compile("(usernamePassword|usernameColonPassword|string|file|sshUserPrivateKey)"
            + "\\s*\\(([^)]*)\\)");
    private static final Pattern GIT = Pattern.compile("\\bgit\\s*\\(?([^\\n]*(?:\\n\\s+[^\\n]*){0,3})");
    private static final Pattern ID = Pattern.compile("credentialsId\\s*:\\s*['\"]([^'\"]+)['\"]");

    /** A tool table as an administrator would fill it for the common tool types and their usual pairs. */
    private static final Map<String, String> TOOLS = Map.ofEntries(Map.entry("maven", "maven:3.9-eclipse-temurin-17"),
            Map.entry("jdk", "eclipse-temurin:17"), Map.entry("nodejs", "node:20"), Map.entry("go", "golang:1.23"),
            Map.entry("gradle", "gradle:8-jdk17"), Map.entry("dotnetsdk", "mcr.microsoft.com/dotnet/sdk:8.0"),
            Map.entry("jdk+maven", "maven:3.9-eclipse-temurin-17"), Map.entry("gradle+jdk", "gradle:8-jdk17"),
            Map.entry("jdk+nodejs", "node:20"), Map.entry("maven+nodejs", "maven:3.9-eclipse-temurin-17"),
            Map.entry("python", "python:3.12"), Map.entry("terraform", "hashicorp/terraform:1.9"));

    private JenkinsfileCorpus() {}

    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args.length > 0 ? args[0] : "/work/corpus/jenkinsfiles");
        List<Path> files;
        try (Stream<Path> list = Files.list(dir)) {
            files = list.filter(p -> p.getFileName().toString().endsWith(".Jenkinsfile")).sorted().toList();
        }
        int read = 0;
        int notDeclarative = 0;
        int fullyTranslated = 0;
        int stages = 0;
        int stagesTranslated = 0;
        int stagesInCleanFiles = 0;
        int rejectedByTekton = 0;
        int crashed = 0;
        Map<String, int[]> refused = new TreeMap<>();
        Map<String, Integer> unreadable = new TreeMap<>();
        List<String> tektonProblems = new ArrayList<>();
        for (Path f : files) {
            read++;
            String text = Files.readString(f);
            Declarative.Jenkinsfile jf;
            try {
                jf = DeclarativeReader.read(f.getFileName().toString(), text);
            } catch (JenkinsfileException e) {
                if (System.getenv("CORPUS_DETAIL") != null) {
                    System.out.println("  " + e.getMessage());
                }
                notDeclarative++;
                String reason = e.getMessage().substring(e.getMessage().indexOf(": ") + 2).replaceAll("\"[^\"]*\"", "\"…\"");
                unreadable.merge(reason.length() > 70 ? reason.substring(0, 70) : reason, 1, Integer::sum);
                continue;
            }
            Translator.Result r;
            try {
                r = Translator.translate(jf, context(text), Translator.Settings.defaults("job")
                        .withAgentImage("jenkins/inbound-agent:3283.v92c105e0f819-1")
                        .withTools(Map.of(), TOOLS));
            } catch (RuntimeException e) {
                // A translator bug: counted and shown, never hidden.
                crashed++;
                tektonProblems.add(f.getFileName() + ": the translator failed: " + e);
                continue;
            }
            boolean clean = r.report().translated();
            if (clean) {
                fullyTranslated++;
                try {
                    RunFile.parse(f.getFileName() + ".yaml", Trees.yaml(r.pipelineRun()), TaskResolver.NONE, TaskResolver.NO_FILES);
                } catch (RuntimeException e) {
                    rejectedByTekton++;
                    tektonProblems.add(f.getFileName() + ": " + e.getMessage());
                }
            }
            for (Translator.StageOutcome o : r.outcomes()) {
                stages++;
                if (o.translated()) {
                    stagesTranslated++;
                }
                if (o.translated() && clean) {
                    stagesInCleanFiles++;
                }
            }
            Map<String, Boolean> seenInFile = new LinkedHashMap<>();
            for (Report.Entry e : r.report().refused()) {
                if (System.getenv("CORPUS_DETAIL") != null) {
                    System.out.println("  " + e);
                }
                String construct = e.construct().startsWith("stage ") ? "stage without agent" : e.construct();
                int[] counts = refused.computeIfAbsent(construct, k -> new int[2]);
                counts[0]++;
                if (seenInFile.put(construct, true) == null) {
                    counts[1]++;
                }
            }
        }
        System.out.println();
        System.out.println("Jenkinsfile corpus: " + read + " files from " + dir);
        System.out.println("| Measure | Count |");
        System.out.println("|---|---:|");
        System.out.printf("| Files read | %d |%n", read);
        System.out.printf("| Not read as declarative | %d |%n", notDeclarative);
        System.out.printf("| Files fully translated | %d (%.0f%% of declarative) |%n", fullyTranslated,
                100.0 * fullyTranslated / Math.max(1, read - notDeclarative));
        System.out.printf("| Stages with steps (matrix cells once) | %d |%n", stages);
        System.out.printf("| Stages whose own constructs all translate | %d (%.0f%%) |%n", stagesTranslated,
                100.0 * stagesTranslated / Math.max(1, stages));
        System.out.printf("| Stages in fully translated files | %d (%.0f%%) |%n", stagesInCleanFiles,
                100.0 * stagesInCleanFiles / Math.max(1, stages));
        System.out.printf("| Translated PipelineRuns our Tekton reading refused | %d |%n", rejectedByTekton);
        System.out.printf("| Files the translator failed on (a bug) | %d |%n", crashed);
        System.out.println();
        System.out.println("| Refused construct | Occurrences | Files |");
        System.out.println("|---|---:|---:|");
        refused.entrySet().stream().sorted((a, b) -> b.getValue()[1] - a.getValue()[1])
                .forEach(e -> System.out.printf("| %s | %d | %d |%n", e.getKey(), e.getValue()[0], e.getValue()[1]));
        if (!unreadable.isEmpty()) {
            System.out.println();
            System.out.println("| Not read as declarative | Files |");
            System.out.println("|---|---:|");
            unreadable.forEach((k, v) -> System.out.printf("| %s | %d |%n", k.replace("|", "\\|"), v));
        }
        tektonProblems.forEach(System.out::println);
    }

    /** A plain build of branch main, with credential types as the file's own use shows them. */
    private static BuildContext context(String text) {
        Map<String, String> types = new LinkedHashMap<>();
        Matcher m = CREDENTIALS.matcher(text);
        while (m.find()) {
            String variable = m.group(1);
            boolean pair = text.contains(variable + "_USR") || text.contains(variable + "_PSW");
            types.putIfAbsent(m.group(2), pair ? "usernamePassword" : "string");
        }
        // A git step's credentials are a username with a password or token.
        Matcher git = GIT.matcher(text);
        while (git.find()) {
            Matcher id = ID.matcher(git.group(1));
            if (id.find()) {
                types.putIfAbsent(id.group(1), "usernamePassword");
            }
        }
        Matcher b = BINDING.matcher(text);
        while (b.find()) {
            Matcher id = ID.matcher(b.group(2));
            if (id.find()) {
                String type = b.group(1).equals("usernameColonPassword") ? "usernamePassword" : b.group(1);
                types.putIfAbsent(id.group(1), type);
            }
        }
        // The variables Jenkins sets for every build (jenkins.io/doc/book/pipeline/jenkinsfile, "Using environment
        // variables"), and those of a multibranch job's branch.
        Map<String, String> env = new LinkedHashMap<>();
        env.put("BRANCH_NAME", "main");
        env.put("BUILD_NUMBER", "1");
        env.put("BUILD_ID", "1");
        env.put("BUILD_DISPLAY_NAME", "#1");
        env.put("BUILD_TAG", "jenkins-job-1");
        env.put("BUILD_URL", "https://jenkins.example.com/job/job/1/");
        env.put("JOB_NAME", "job");
        env.put("JOB_BASE_NAME", "job");
        env.put("JOB_URL", "https://jenkins.example.com/job/job/");
        env.put("JENKINS_URL", "https://jenkins.example.com/");
        env.put("GIT_URL", "https://git.example.com/repo.git");
        env.put("GIT_COMMIT", "0123456789abcdef0123456789abcdef01234567");
        env.put("GIT_BRANCH", "main");
        return new BuildContext(env, Map.of(), "https://git.example.com/repo.git",
                "0123456789abcdef0123456789abcdef01234567", types);
    }
}
