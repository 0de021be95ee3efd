package io.gitopsbridge.jenkinsfile;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Translates the steps of one stage into POSIX shell, one script per run of steps in one container (a Tekton step
 * each). Each {@code sh} script is written to a file byte for byte as Groovy would have built it (parts only known in
 * the Pod come from shell variables) and run as Jenkins' durable-task runs it: {@code sh -xe FILE}, or the file itself
 * when it starts with {@code #!}, in its own process, in the {@code dir} and with the environment of its block.
 * Groovy values known now are decided now ({@code if (params.DEPLOY)}); those known only in the Pod become shell.
 */
final class Steps {
    /**
     * A run of statements in one container.
     *
     * @param helpers shell functions its lines use
     * @param assigned shell variables it sets, which later segments of the Task read back
     * @param post the post condition it is part of, or null for the stage's steps
     */
    record Segment(String container, List<String> lines, Set<String> helpers, Set<String> assigned, String post) {
        Segment(String container, List<String> lines, Set<String> helpers) {
            this(container, lines, helpers, Set.of(), null);
        }
    }

    /** How a credential reaches the Pod: its id, and the Tekton env names and file paths bound to it. */
    interface Credentials {
        /** Env names or file paths for {@code id}'s parts ({@code username}, {@code password}, {@code secret}, {@code file}, {@code key}). */
        Map<String, String> bind(String id, Position at);
    }

    /** Marks the files a step sends back in its log, framed so a reader can take them out: a tar, base64. */
    static final String FILES_BEGIN = "::gitops-bridge-files ";
    static final String FILES_END = "::gitops-bridge-files-end::";
    /** Ant's default excludes that archiveArtifacts and junit apply: version control and editor files. */
    private static final List<String> DEFAULT_EXCLUDES = List.of("**/.git/**", "**/.svn/**", "**/.hg/**", "**/CVS/**",
            "**/*~", "**/.DS_Store", "**/._*", "**/#*#", "**/.#*", "**/%*%");

    /** Where source for {@code checkout scm} comes from, and the container that has git. */
    record Source(String repository, String commit, String container) {}

    static final String SOURCE_CONTAINER = "gitops-bridge-source";

    private final Report report;
    private final Set<String> containers;
    private final Credentials credentials;
    private final Source source;
    /** Whether junit and archiveArtifacts send their files back (inside Jenkins). */
    private final boolean collect;
    /** Env names the run has set through {@code env.X = …}: known or in the run's env file. */
    private final Map<String, Val> runEnv;
    /** The environment of the Task: known values, and names bound to credentials. */
    private final Map<String, Val> taskEnv;
    /** Names the Jenkinsfile's environment directives set, which env.X = … cannot change. */
    private final Set<String> directiveEnv;
    private final Map<String, Object> params;
    /** Groovy's script binding: names a script assigns without def, seen by every later stage. */
    private final Map<String, Val> bindings;
    /** Inside an if only the Pod decides: what is assigned there is known only in the Pod. */
    private int undecided;
    /** Inside retry {}, whose body runs in a subshell per attempt. */
    private int retrying;
    private final List<Segment> segments = new ArrayList<>();
    private final Map<String, String> images = new LinkedHashMap<>();
    private List<String> lines;
    private Set<String> helpers;
    private Set<String> assigned;
    private String container;
    private String section;
    private int counter;
    /** The junit and archiveArtifacts steps of the whole run, shared by its stages: their ids are the run's. */
    private final List<Translator.Collected> collected;

    Steps(Report report, Set<String> containers, Map<String, Val> taskEnv, Map<String, Object> params,
            Map<String, Val> runEnv, Map<String, Val> bindings, Credentials credentials, Source source, boolean collect,
            Set<String> directiveEnv, List<Translator.Collected> collected) {
        this.report = report;
        this.collected = collected;
        this.directiveEnv = directiveEnv;
        this.collect = collect;
        this.bindings = bindings;
        this.containers = containers;
        this.taskEnv = taskEnv;
        this.params = params;
        this.runEnv = runEnv;
        this.credentials = credentials;
        this.source = source;
    }

    List<Segment> segments() {
        return segments;
    }

    /** Translates {@code body}; a construct refused is reported, and the caller knows by the report. */
    void translate(List<Stmt> body, Scope scope) {
        for (Stmt s : body) {
            try {
                statement(s, scope);
            } catch (Report.Refused r) {
                report.add(Report.Kind.REFUSED, r.at, r.construct, r.getMessage());
            }
        }
    }

    /** What is translated from now on is the block of post condition {@code post}, in segments of its own. */
    void startSection(String post) {
        section = post;
        lines = null;
    }

    /** A segment that does nothing, so that a post block with no shell (only junit) still has its place. */
    void noop(Scope scope) {
        emit(scope, ":");
    }

    private void emit(Scope scope, String line) {
        if (lines == null || !scope.container.equals(container)) {
            lines = new ArrayList<>();
            helpers = new LinkedHashSet<>();
            assigned = new LinkedHashSet<>();
            container = scope.container;
            segments.add(new Segment(container, lines, helpers, assigned, section));
        }
        lines.add(line);
    }

    private void assigned(String var) {
        if (assigned != null) {
            assigned.add(var);
        }
    }

    private void statement(Stmt s, Scope scope) {
        if (s instanceof Stmt.Call c) {
            step(c.name(), c.args(), c.at(), scope, null);
        } else if (s instanceof Stmt.Define d) {
            define(d.name(), d.value(), scope);
        } else if (s instanceof Stmt.Assign a) {
            assign(a, scope);
        } else if (s instanceof Stmt.If i) {
            branch(i, scope);
        } else if (s instanceof Stmt.Evaluate e && e.expr() instanceof Expr.Call c && c.target() == null) {
            step(c.name(), c.args(), c.at(), scope, null);
        } else if (s instanceof Stmt.Evaluate e && e.expr() instanceof Expr.Call inside && inside.name().equals("inside")
                && inside.target() instanceof Expr.Call image && image.name().equals("image")
                && image.target() instanceof Expr.Name docker && docker.name().equals("docker")) {
            dockerInside(image, inside, scope);
        } else if (s instanceof Stmt.Evaluate e && e.expr() instanceof Expr.Call c) {
            String on = c.target() instanceof Expr.Name n ? n.name() + "." : c.target() instanceof Expr.Call t
                    && t.target() instanceof Expr.Name n ? n.name() + "." + t.name() + "(…)." : "";
            throw refused(e.at(), on.isEmpty() ? c.name() : on.substring(0, on.indexOf('.')), on + c.name()
                    + "(…) is a Groovy method call (a plugin's global such as docker, or an object's method), which is not"
                    + " translated");
        } else if (s instanceof Stmt.Evaluate e) {
            throw refused(e.at(), "Groovy", "a Groovy expression run for its effect is not translated");
        } else if (s instanceof Stmt.Return r) {
            throw refused(r.at(), "return", "return in steps is not translated");
        } else {
            Stmt.Other o = (Stmt.Other) s;
            throw refused(o.at(), o.kind(), "Groovy " + o.kind() + " (" + o.text() + ") is not translated: only steps, def,"
                    + " assignments and if/else are");
        }
    }

    /**
     * Translates step {@code name}; with {@code into}, the step is an expression whose value goes into that shell
     * variable (an {@code sh} with {@code returnStdout}, a {@code readFile}).
     */
    private void step(String name, Expr.Args args, Position at, Scope scope, String into) {
        switch (name) {
            case "sh" -> sh(args, at, scope, into);
            case "echo", "println", "print" -> {
                Expr message = args.single("message");
                emit(scope, "printf '%s" + (name.equals("print") ? "" : "\\n") + "' " + text(message, scope).word());
            }
            case "error" -> {
                emit(scope, "printf 'ERROR: %s\\n' " + text(args.single("message"), scope).word() + " >&2");
                emit(scope, "exit 1");
            }
            case "sleep" -> {
                long seconds = seconds(args, at, scope, "SECONDS");
                emit(scope, "sleep " + seconds);
            }
            case "dir" -> {
                Scope inner = scope.inDir(text(args.single("path"), scope));
                emit(scope, "mkdir -p " + inner.dir.word());
                translate(block(args, at, name), inner);
            }
            case "withEnv" -> {
                Scope inner = scope.child();
                Val list = eval(args.single("overrides"), scope);
                if (!(list instanceof Val.Known k && k.value() instanceof List<?> items)) {
                    throw refused(at, "withEnv", "withEnv takes a list of 'NAME=value' strings");
                }
                for (Object item : items) {
                    String text = item instanceof ShellText t ? t.literal() : String.valueOf(item);
                    ShellText value = item instanceof ShellText t ? t : ShellText.of(text);
                    String literal = value.literal();
                    int eq = literal == null ? firstEquals(value) : literal.indexOf('=');
                    if (eq <= 0) {
                        throw refused(at, "withEnv", "withEnv entries are 'NAME=value'");
                    }
                    String variable = literal == null ? ((String) value.parts().get(0)).substring(0, eq) : literal.substring(0, eq);
                    Val assigned = runtimeAfter(value, eq + 1);
                    if (variable.contains("+")) {
                        // PATH+MAVEN=/opt/maven/bin: Jenkins puts the value in front of PATH.
                        variable = variable.substring(0, variable.indexOf('+'));
                        Val before = env(variable, inner);
                        assigned = new Val.Runtime(assigned.text().plus(ShellText.of(":")).plus(before == null
                                ? ShellText.var(variable) : before.text()));
                    }
                    inner.exported.put(variable, assigned);
                }
                translate(block(args, at, name), inner);
            }
            case "container" -> {
                String which = Expr.string(args.single("name"));
                if (which == null || !containers.contains(which)) {
                    throw refused(at, "container", "container '" + which + "' is not a container of this stage's agent"
                            + " (" + String.join(", ", containers) + ")");
                }
                translate(block(args, at, name), scope.inContainer(which));
            }
            case "script" -> translate(block(args, at, name), scope.child());
            case "deleteDir" -> emit(scope, "find " + scope.dir.word() + " -mindepth 1 -maxdepth 1 -exec rm -rf {} +");
            case "cleanWs" -> {
                if (!args.named().isEmpty() || !args.positional().isEmpty()) {
                    throw refused(at, "cleanWs", "cleanWs with patterns or options is not translated");
                }
                emit(scope, "find \"$WORKSPACE\" -mindepth 1 -maxdepth 1 -exec rm -rf {} +");
            }
            case "writeFile" -> {
                ShellText file = text(args.named().get("file"), scope);
                ShellText content = text(args.named().get("text"), scope);
                Scope in = scope.inDir(file);
                emit(scope, "mkdir -p \"$(dirname " + in.dir.word() + ")\"");
                emit(scope, "printf '%s' " + content.word() + " > " + in.dir.word());
            }
            case "readFile" -> {
                Scope in = scope.inDir(text(args.single("file"), scope));
                capture(scope, into, "cat " + in.dir.word());
            }
            case "fileExists" -> {
                Scope in = scope.inDir(text(args.single("file"), scope));
                requireInto(into, at, name);
                emit(scope, "if [ -e " + in.dir.word() + " ]; then " + into + "=true; else " + into + "=false; fi");
                assigned(into);
            }
            case "pwd" -> {
                requireInto(into, at, name);
                emit(scope, into + "=" + scope.dir.word());
                assigned(into);
            }
            case "checkout" -> {
                Expr what = args.single("scm");
                if (what instanceof Expr.Name n && n.name().equals("scm")) {
                    checkout(scope, at);
                } else {
                    git(gitScm(args, at), at, scope);
                }
            }
            case "git" -> git(args, at, scope);
            case "junit", "archiveArtifacts" -> collect(name, args, at, scope);
            case "stash" -> stash(args, at, scope);
            case "unstash" -> {
                ShellText stashName = text(args.single("name"), scope);
                emit(scope, "tar -xf \"$GB_RUN/stash/\"" + stashName.word() + "'.tar' -C " + scope.dir.word());
            }
            case "withCredentials" -> withCredentials(args, at, scope);
            case "retry" -> retry(args, at, scope);
            default -> throw refused(at, name, jenkinsSide(name));
        }
    }

    private static String jenkinsSide(String name) {
        return switch (name) {
            case "input" -> "input waits for a person in Jenkins: split the Pipeline around it";
            case "parallel" -> "parallel inside steps is scripted Pipeline: use a parallel {} of stages";
            case "timeout" -> "the timeout step inside steps is not translated (options { timeout } on the stage is)";
            case "build", "milestone", "lock", "catchError", "warnError", "unstable", "mail", "emailext", "slackSend",
                    "publishHTML", "step", "properties", "load", "library" ->
                    "step '" + name + "' runs in Jenkins, not in a shell, and is not translated";
            default -> "step '" + name + "' is not translated (a Jenkins plugin step; only shell, file and flow steps are)";
        };
    }

    private static int firstEquals(ShellText value) {
        return value.parts().get(0) instanceof String s ? s.indexOf('=') : -1;
    }

    /** The part of {@code text} from character {@code from} of its first (literal) part on. */
    private static Val runtimeAfter(ShellText text, int from) {
        List<Object> parts = new ArrayList<>(text.parts());
        parts.set(0, ((String) parts.get(0)).substring(from));
        ShellText rest = new ShellText(parts);
        return rest.literal() != null ? Val.of(rest.literal()) : new Val.Runtime(rest);
    }

    private List<Stmt> block(Expr.Args args, Position at, String step) {
        if (args.closure() == null) {
            throw refused(at, step, step + " needs a block { … }");
        }
        return args.closure().body();
    }

    private static void requireInto(String into, Position at, String step) {
        if (into == null) {
            throw refused(at, step, step + " is only useful for its value");
        }
    }

    private void sh(Expr.Args args, Position at, Scope scope, String into) {
        Expr script = args.single("script");
        if (script == null) {
            throw refused(at, "sh", "sh needs a script");
        }
        for (String option : args.named().keySet()) {
            if (!Set.of("script", "returnStdout", "returnStatus", "label", "encoding").contains(option)) {
                throw refused(at, "sh", "sh option '" + option + "' is not translated");
            }
        }
        boolean stdout = isTrue(args.named().get("returnStdout"), scope);
        boolean status = isTrue(args.named().get("returnStatus"), scope);
        ShellText text = text(script, scope);
        String label = args.named().containsKey("label") ? text(args.named().get("label"), scope).literal() : null;
        String file = "\"$GB/" + (++counter) + ".sh\"";
        emit(scope, "# sh " + (label != null ? label.replace('\n', ' ') : "") + " (" + at + ")");
        emit(scope, "printf '%s' " + text.word() + " > " + file);
        String head = text.parts().isEmpty() ? "" : text.parts().get(0) instanceof String first ? first : null;
        String run;
        if (head != null && (head.length() >= 2 || text.literal() != null)) {
            run = head.startsWith("#!") ? "chmod +x " + file + " && " + file : "sh -xe " + file;
        } else {
            // Whether it starts with #! is known only in the Pod.
            run = "if [ \"$(head -c 2 " + file + ")\" = '#!' ]; then chmod +x " + file + " && " + file + "; else sh -xe "
                    + file + "; fi";
        }
        String command = "( cd " + scope.dir.word() + exports(scope) + " && " + run + " )";
        if (stdout && into != null) {
            capture(scope, into, command.substring(2, command.length() - 2));
        } else if (status && into != null) {
            emit(scope, "set +e; " + command + "; " + into + "=$?; set -e");
            assigned(into);
        } else {
            emit(scope, command);
        }
    }

    /** {@code into} gets exactly what {@code command} prints: no trailing newline taken off, unlike a bare $(…). */
    private void capture(Scope scope, String into, String command) {
        if (into == null) {
            emit(scope, command + " > /dev/null");
            return;
        }
        emit(scope, into + "=$(" + command + " && printf x)");
        emit(scope, into + "=${" + into + "%x}");
        assigned(into);
    }

    private String exports(Scope scope) {
        if (scope.exported.isEmpty()) {
            return "";
        }
        StringBuilder b = new StringBuilder(" && export");
        for (Map.Entry<String, Val> e : scope.exported.entrySet()) {
            b.append(' ').append(e.getKey()).append('=').append(e.getValue().text().word());
        }
        return b.toString();
    }

    private void checkout(Scope scope, Position at) {
        if (source == null || source.repository() == null || source.commit() == null) {
            throw refused(at, "checkout scm", "checkout scm needs the build's repository and commit (give them when"
                    + " translating)");
        }
        Scope git = scope.inContainer(source.container());
        emit(git, "mkdir -p " + scope.dir.word() + " && cd " + scope.dir.word());
        emit(git, "git init -q . && git remote remove origin 2>/dev/null || :");
        emit(git, "git remote add origin " + ShellText.quote(source.repository()));
        emit(git, "git fetch -q --depth 1 origin " + ShellText.quote(source.commit()));
        emit(git, "git checkout -q -f FETCH_HEAD");
        emit(git, "cd \"$WORKSPACE\"");
    }

    /**
     * {@code junit} and {@code archiveArtifacts}: the files their Ant patterns match (with Ant's default excludes), in
     * the block's directory, sent back in the log as a tar when {@code collect} is set, for Jenkins to keep; a pattern
     * that matches nothing fails the step with Jenkins' message, unless empty is allowed.
     */
    private void collect(String step, Expr.Args args, Position at, Scope scope) {
        boolean junit = step.equals("junit");
        Expr patternExpr = args.single(junit ? "testResults" : "artifacts");
        String pattern = patternExpr == null ? null : text(patternExpr, scope).literal();
        if (pattern == null) {
            throw refused(at, step, step + " needs its file pattern known when the build starts");
        }
        Set<String> known = junit ? Set.of("testResults", "allowEmptyResults", "keepLongStdio", "skipPublishingChecks",
                "skipMarkingBuildUnstable", "healthScaleFactor", "checksName")
                : Set.of("artifacts", "excludes", "allowEmptyArchive", "fingerprint", "onlyIfSuccessful", "defaultExcludes",
                        "caseSensitive", "followSymlinks");
        for (String option : args.named().keySet()) {
            if (!known.contains(option)) {
                throw refused(at, step, step + " option " + option + " is not translated");
            }
        }
        Map<String, Object> options = new LinkedHashMap<>();
        if (junit) {
            for (String flag : List.of("allowEmptyResults", "keepLongStdio", "skipPublishingChecks", "skipMarkingBuildUnstable")) {
                if (args.named().containsKey(flag)) {
                    options.put(flag, isTrue(args.named().get(flag), scope));
                }
            }
            for (String value : List.of("healthScaleFactor", "checksName")) {
                if (args.named().containsKey(value)) {
                    if (!(eval(args.named().get(value), scope) instanceof Val.Known k) || k.value() == null) {
                        throw refused(at, step, value + " must be known when the build starts");
                    }
                    options.put(value, value.equals("healthScaleFactor") ? (Object) Double.valueOf(k.value().toString())
                            : k.value().toString());
                }
            }
        } else {
            if (isTrue(args.named().get("onlyIfSuccessful"), scope)) {
                throw refused(at, step, "archiveArtifacts onlyIfSuccessful: the Pods do not know the build's result so far");
            }
            if (args.named().containsKey("caseSensitive") && !isTrue(args.named().get("caseSensitive"), scope)) {
                throw refused(at, step, "archiveArtifacts caseSensitive: false is not translated");
            }
            if (args.named().containsKey("followSymlinks") && !isTrue(args.named().get("followSymlinks"), scope)) {
                throw refused(at, step, "archiveArtifacts followSymlinks: false is not translated");
            }
            if (isTrue(args.named().get("fingerprint"), scope)) {
                report.add(Report.Kind.DIFFERENCE, at, step, "fingerprints of the artifacts are not recorded");
            }
        }
        if (!collect) {
            report.add(Report.Kind.DIFFERENCE, at, step, "outside Jenkins the files stay in the run's workspace claim");
            return;
        }
        boolean allowEmpty = isTrue(args.named().get(junit ? "allowEmptyResults" : "allowEmptyArchive"), scope);
        List<String> excludes = new ArrayList<>();
        if (args.named().get("excludes") != null) {
            String ex = text(args.named().get("excludes"), scope).literal();
            if (ex == null) {
                throw refused(at, step, "excludes must be known when the build starts");
            }
            excludes.addAll(List.of(ex.split("\\s*,\\s*")));
        }
        if (!(args.named().get("defaultExcludes") instanceof Expr.Literal l && Boolean.FALSE.equals(l.value()))) {
            excludes.addAll(DEFAULT_EXCLUDES);
        }
        int id = collected.size() + 1;
        collected.add(new Translator.Collected(id, step, at, options));
        String include = String.join("|", java.util.Arrays.stream(pattern.split("\\s*,\\s*")).filter(p -> !p.isBlank())
                .map(p -> "(" + Glob.toRegex(p) + ")").toList());
        String exclude = String.join("|", excludes.stream().map(p -> "(" + Glob.toRegex(p) + ")").toList());
        String var = "gb_i_files" + id;
        emit(scope, var + "=$(cd " + scope.dir.word() + " && find -L . -type f | sed 's|^\\./||' | grep -E -x "
                + ShellText.quote(include) + " | { grep -v -E -x " + ShellText.quote(exclude) + " || :; })");
        String missing = junit ? "No test report files were found. Configuration error?"
                : "No artifacts found that match the file pattern \"" + pattern + "\". Configuration error?";
        emit(scope, "if [ -z \"$" + var + "\" ]; then");
        emit(scope, allowEmpty ? ":" : "printf '%s\\n' " + ShellText.quote("ERROR: " + missing) + " >&2; exit 1");
        emit(scope, "else");
        emit(scope, "printf '%s\\n' " + ShellText.quote(FILES_BEGIN + step + " " + id + "::"));
        emit(scope, "( cd " + scope.dir.word() + " && printf '%s\\n' \"$" + var + "\" | tar -chf - -T - ) | base64");
        emit(scope, "printf '%s\\n' " + ShellText.quote(FILES_END));
        emit(scope, "fi");
    }

    /**
     * Docker Pipeline's {@code docker.image('x').inside { … }}: the block's steps run in image x with the workspace
     * mounted, as in a {@code container()} of that image.
     */
    private void dockerInside(Expr.Call image, Expr.Call inside, Scope scope) {
        String name = text(image.args().single("id"), scope).literal();
        if (name == null) {
            throw refused(image.at(), "docker", "docker.image() needs an image known when the build starts");
        }
        if (!inside.args().positional().isEmpty() && !"".equals(text(inside.args().positional().get(0), scope).literal())) {
            throw refused(inside.at(), "docker", "docker.image().inside with docker run options is not translated");
        }
        String container = "docker-" + (images.size() + 1);
        for (Map.Entry<String, String> known : images.entrySet()) {
            if (known.getValue().equals(name)) {
                container = known.getKey();
            }
        }
        images.put(container, name);
        translate(block(inside.args(), inside.at(), "inside"), scope.inContainer(container));
    }

    /** Images of containers the steps bring themselves (docker.image().inside), by container name. */
    Map<String, String> images() {
        return images;
    }

    /**
     * The {@code git} step: the tip of {@code branch} (default {@code master}, as the step's) of {@code url} checked
     * out in the current directory, with a username/password credential through git's credential helper.
     */
    /**
     * {@code checkout([$class: 'GitSCM', branches: [[name: '*' + '/main']], userRemoteConfigs: [[url: …, credentialsId: …]]])}
     * or {@code checkout scmGit(…)}: one repository and one branch, as the git step's arguments.
     */
    private static Expr.Args gitScm(Expr.Args args, Position at) {
        Map<String, Expr> config = args.named();
        if (config.isEmpty() && args.positional().size() == 1 && args.positional().get(0) instanceof Expr.MapOf m) {
            config = m.entries();
        } else if (config.isEmpty() && args.positional().size() == 1 && args.positional().get(0) instanceof Expr.Call c
                && c.name().equals("scmGit") && c.target() == null) {
            config = new LinkedHashMap<>(c.args().named());
            config.put("$class", new Expr.Literal("GitSCM", at));
        }
        if (!"GitSCM".equals(Expr.string(config.get("$class")))) {
            throw refused(at, "checkout", "only checkout scm and a Git checkout (GitSCM, scmGit) are translated");
        }
        for (Map.Entry<String, Expr> e : config.entrySet()) {
            boolean empty = e.getValue() instanceof Expr.ListOf l && l.items().isEmpty();
            if (!Set.of("$class", "branches", "userRemoteConfigs", "doGenerateSubmoduleConfigurations", "submoduleCfg",
                    "gitTool").contains(e.getKey()) && !empty) {
                throw refused(at, "checkout", "Git checkout setting " + e.getKey() + " is not translated");
            }
        }
        List<Expr> remotes = config.get("userRemoteConfigs") instanceof Expr.ListOf l ? l.items() : List.of();
        List<Expr> branches = config.get("branches") instanceof Expr.ListOf l ? l.items() : List.of();
        if (remotes.size() != 1 || !(remotes.get(0) instanceof Expr.MapOf remote) || branches.size() != 1) {
            throw refused(at, "checkout", "a Git checkout of one repository and one branch is translated");
        }
        Map<String, Expr> named = new LinkedHashMap<>();
        for (Map.Entry<String, Expr> e : remote.entries().entrySet()) {
            if (!Set.of("url", "credentialsId", "name").contains(e.getKey())) {
                throw refused(at, "checkout", "Git remote setting " + e.getKey() + " is not translated");
            }
            if (!e.getKey().equals("name")) {
                named.put(e.getKey(), e.getValue());
            }
        }
        if (!branches.isEmpty() && branches.get(0) instanceof Expr.MapOf b) {
            String spec = Expr.string(b.entries().get("name"));
            String branch = spec == null ? null : spec.replaceFirst("^\\*/", "").replaceFirst("^refs/heads/", "")
                    .replaceFirst("^origin/", "");
            if (branch == null || branch.contains("*") || branch.isEmpty()) {
                throw refused(at, "checkout", "branch specifier " + spec + " is not translated (a branch name is)");
            }
            named.put("branch", new Expr.Literal(branch, b.at()));
        }
        return new Expr.Args(List.of(), named, null);
    }

    private void git(Expr.Args args, Position at, Scope scope) {
        String url = text(args.single("url"), scope).literal();
        if (url == null) {
            throw refused(at, "git", "the git step's url must be known when the build starts");
        }
        for (String option : args.named().keySet()) {
            if (!Set.of("url", "branch", "credentialsId", "changelog", "poll").contains(option)) {
                throw refused(at, "git", "git step option " + option + " is not translated");
            }
        }
        ShellText branch = args.named().containsKey("branch") ? text(args.named().get("branch"), scope) : ShellText.of("master");
        Scope git = scope.inContainer(source == null ? SOURCE_CONTAINER : source.container());
        String helper = "";
        if (args.named().containsKey("credentialsId")) {
            String id = text(args.named().get("credentialsId"), scope).literal();
            Map<String, String> bound = id == null ? Map.of() : credentials.bind(id, at);
            if (!bound.containsKey("username") || !bound.containsKey("password") || bound.containsKey("key")) {
                throw refused(at, "git", "the git step's credentials must be a username with password (a token) known when"
                        + " the build starts");
            }
            // The password reaches git from the environment, never in a URL or a command line.
            helper = " -c credential.helper='!f() { echo \"username=$" + bound.get("username") + "\"; echo \"password=$"
                    + bound.get("password") + "\"; }; f'";
        }
        emit(git, "mkdir -p " + scope.dir.word() + " && cd " + scope.dir.word());
        emit(git, "git init -q . && git remote remove origin 2>/dev/null || :");
        emit(git, "git remote add origin " + ShellText.quote(url));
        emit(git, "git" + helper + " fetch -q origin \"+refs/heads/\"" + branch.word() + "\":refs/remotes/origin/\"" + branch.word());
        emit(git, "git checkout -q -f -B " + branch.word() + " \"refs/remotes/origin/\"" + branch.word());
        emit(git, "cd \"$WORKSPACE\"");
    }

    private void stash(Expr.Args args, Position at, Scope scope) {
        ShellText name = text(args.single("name"), scope);
        for (String option : args.named().keySet()) {
            if (!option.equals("name") && !(option.equals("includes") && "**".equals(Expr.string(args.named().get(option))))) {
                throw refused(at, "stash", "stash with '" + option + "' is not translated (the whole directory is)");
            }
        }
        emit(scope, "mkdir -p \"$GB_RUN/stash\"");
        // Ant's default excludes, which stash applies, leave out version-control directories.
        emit(scope, "tar -cf \"$GB_RUN/stash/\"" + name.word() + "'.tar' --exclude=.git --exclude=.svn --exclude=.hg -C "
                + scope.dir.word() + " .");
    }

    private void withCredentials(Expr.Args args, Position at, Scope scope) {
        Scope inner = scope.child();
        List<Expr> list = args.single("bindings") instanceof Expr.ListOf l ? l.items() : List.of();
        if (list.isEmpty()) {
            throw refused(at, "withCredentials", "withCredentials takes a list of bindings");
        }
        for (Expr b : list) {
            if (!(b instanceof Expr.Call c) || c.target() != null) {
                throw refused(b.at(), "withCredentials", "a binding is a call such as usernamePassword(…)");
            }
            String id = text(c.args().named().get("credentialsId"), scope).literal();
            if (id == null) {
                throw refused(c.at(), "withCredentials", "credentialsId must be known when translating");
            }
            Map<String, String> bound = credentials.bind(id, c.at());
            Map<String, String> variables = switch (c.name()) {
                case "usernamePassword" -> Map.of("usernameVariable", "username", "passwordVariable", "password");
                case "usernameColonPassword" -> Map.of("variable", "colon");
                case "string" -> Map.of("variable", "secret");
                case "file" -> Map.of("variable", "file");
                case "sshUserPrivateKey" -> Map.of("keyFileVariable", "key", "usernameVariable", "username",
                        "passphraseVariable", "password");
                default -> throw refused(c.at(), "withCredentials", "binding " + c.name() + " is not translated");
            };
            for (Map.Entry<String, String> v : variables.entrySet()) {
                Expr nameExpr = c.args().named().get(v.getKey());
                if (nameExpr == null) {
                    continue;
                }
                String variable = Expr.string(nameExpr);
                String part = v.getValue();
                if (part.equals("colon") && bound.containsKey("username")) {
                    inner.exported.put(variable, new Val.Runtime(new ShellText(List.of(new ShellText.Var(bound.get("username")),
                            ":", new ShellText.Var(bound.get("password"))))));
                    continue;
                }
                if (!bound.containsKey(part)) {
                    throw refused(c.at(), "withCredentials", "credential '" + id + "' has no " + part + " for " + c.name());
                }
                // A file's variable is its path; a value's is the variable the Pod holds it in.
                inner.exported.put(variable, part.equals("file") || part.equals("key") ? Val.of(bound.get(part))
                        : new Val.Runtime(ShellText.var(bound.get(part))));
            }
        }
        translate(block(args, at, "withCredentials"), inner);
    }

    private void retry(Expr.Args args, Position at, Scope scope) {
        Val count = eval(args.single("count"), scope);
        if (!(count instanceof Val.Known k && k.value() instanceof Number n)) {
            throw refused(at, "retry", "retry needs a count known when translating");
        }
        int id = ++counter;
        emit(scope, "gb_i_retry" + id + "() {");
        List<String> body = lines;
        retrying++;
        try {
            translate(block(args, at, "retry"), scope.child());
        } finally {
            retrying--;
        }
        if (lines != body) {
            throw refused(at, "retry", "a retry block that changes container is not translated");
        }
        emit(scope, "}");
        // As Jenkins' retry: up to count attempts; the last one's failure fails the step. The body runs with -e in a
        // subshell of its own (a shell ignores -e in a loop's condition).
        emit(scope, "gb_i_n=0; while :; do set +e; ( set -e; gb_i_retry" + id + " ); gb_i_st=$?; set -e;"
                + " [ \"$gb_i_st\" -eq 0 ] && break; gb_i_n=$((gb_i_n + 1)); [ \"$gb_i_n\" -ge " + n.intValue()
                + " ] && exit \"$gb_i_st\"; echo 'Retrying'; done");
    }

    private void define(String name, Expr value, Scope scope) {
        if (retrying > 0 && !(value instanceof Expr.Literal)) {
            throw refused(value.at(), "retry", "a def of a value only the Pod knows inside retry {} is not translated");
        }
        Val v = evalInto(value, scope, "gb_l_" + name);
        scope.define(name, v);
    }

    private void assign(Stmt.Assign a, Scope scope) {
        if (retrying > 0) {
            // The body runs in a subshell of its own, so that a failed attempt leaves nothing half set.
            throw refused(a.at(), "retry", "an assignment inside retry {} is not translated (its value would not outlive"
                    + " the attempt)");
        }
        if (a.target() instanceof Expr.Property p && p.target() instanceof Expr.Name n && n.name().equals("env")
                && (directiveEnv.contains(p.name()) || scope.exported.containsKey(p.name()))) {
            // An environment directive's, withEnv's or a binding's variable wins over env.X (EnvActionImpl): the value
            // is computed (its steps run) and has no effect.
            evalInto(a.value(), scope, "gb_i_t" + (++counter));
            return;
        }
        if (a.target() instanceof Expr.Property p && p.target() instanceof Expr.Name n && n.name().equals("env")) {
            Val v = evalInto(a.value(), scope, p.name());
            boolean known = v instanceof Val.Known && undecided == 0;
            runEnv.put(p.name(), known ? v : new Val.Runtime(ShellText.var(p.name())));
            if (v instanceof Val.Known) {
                emit(scope, p.name() + "=" + v.text().word());
            }
            // Later stages (other Pods) read it from the run's env file, as Jenkins keeps env for the whole build.
            emit(scope, "export " + p.name() + "; printf '%s=%s\\n' " + ShellText.quote(p.name()) + " \"$(gb_q \"$" + p.name()
                    + "\")\" >> \"$GB_RUN/env\"");
            helpers.add("gb_q");
            return;
        }
        if (a.target() instanceof Expr.Name n && scope.hasLocal(n.name())) {
            String var = "gb_l_" + n.name();
            keepBeforeUndecided(var, scope.local(n.name()));
            scope.assign(n.name(), settled(evalInto(a.value(), scope, var), var, scope));
            return;
        }
        if (a.target() instanceof Expr.Name n) {
            // No def: the script's binding, which later stages see too; they read it from the run's file.
            String var = "gb_b_" + n.name();
            keepBeforeUndecided(var, bindings.get(n.name()));
            Val v = settled(evalInto(a.value(), scope, var), var, scope);
            bindings.put(n.name(), v);
            if (v instanceof Val.Runtime) {
                emit(scope, "printf '%s=%s\\n' " + ShellText.quote(var) + " \"$(gb_q \"$" + var + "\")\" >> \"$GB_RUN/bindings\"");
                helpers.add("gb_q");
            }
            return;
        }
        throw refused(a.at(), "Groovy", "only env.NAME = …, local variables and script variables are assigned in translated"
                + " steps");
    }

    /**
     * A variable known now that an if only the Pod decides assigns: its value goes into its shell variable before that
     * if, so that the branch that does not assign it leaves it as it was.
     */
    private void keepBeforeUndecided(String var, Val before) {
        if (undecided > 0 && before instanceof Val.Known && !ifs.isEmpty()) {
            IfAt outer = ifs.get(0);
            outer.lines().add(outer.index(), var + "=" + before.text().word());
        }
    }

    /** Where an if only the Pod decides begins: its segment's lines, and the index of its first line. */
    private record IfAt(List<String> lines, int index) {}

    private final List<IfAt> ifs = new ArrayList<>();

    /** A value assigned inside an if only the Pod decides is only known in the Pod: it is put in {@code var}. */
    private Val settled(Val v, String var, Scope scope) {
        if (v instanceof Val.Known && undecided > 0) {
            emit(scope, var + "=" + v.text().word());
            assigned(var);
            return new Val.Runtime(ShellText.var(var));
        }
        return v;
    }

    /** Evaluates {@code value}; what only the Pod knows is put in shell variable {@code var} first. */
    private Val evalInto(Expr value, Scope scope, String var) {
        if (value instanceof Expr.Call c && c.target() == null && Set.of("sh", "readFile", "fileExists", "pwd").contains(c.name())) {
            if (c.name().equals("sh") && !isTrue(c.args().named().get("returnStdout"), scope)
                    && !isTrue(c.args().named().get("returnStatus"), scope)) {
                step("sh", c.args(), c.at(), scope, null);
                return Val.of(null);
            }
            step(c.name(), c.args(), c.at(), scope, var);
            return new Val.Runtime(ShellText.var(var), c.name().equals("fileExists"));
        }
        if (value instanceof Expr.Call c && c.name().equals("trim") && c.args().positional().isEmpty() && c.target() != null) {
            Val inner = evalInto(c.target(), scope, var);
            if (inner instanceof Val.Runtime r) {
                helpers.add("gb_trim");
                emit(scope, var + "=$(gb_trim " + r.text().word() + ")");
                emit(scope, var + "=${" + var + "%x}");
                assigned(var);
                return new Val.Runtime(ShellText.var(var), false);
            }
            return Val.of(trim(String.valueOf(((Val.Known) inner).value())));
        }
        Val v = eval(value, scope);
        if (v instanceof Val.Runtime r) {
            emit(scope, var + "=" + r.text().word());
            assigned(var);
            return new Val.Runtime(ShellText.var(var), r.bool());
        }
        return v;
    }

    private void branch(Stmt.If i, Scope scope) {
        Object test = condition(i.condition(), scope);
        if (test instanceof Boolean b) {
            translate(b ? i.then() : i.otherwise(), scope.child());
            return;
        }
        emit(scope, "if " + test + "; then");
        List<String> at = lines;
        ifs.add(new IfAt(lines, lines.size() - 1));
        emit(scope, ":");
        undecided++;
        try {
            translate(i.then(), scope.child());
            if (!i.otherwise().isEmpty()) {
                emit(scope, "else");
                translate(i.otherwise(), scope.child());
            }
        } finally {
            undecided--;
            ifs.remove(ifs.size() - 1);
        }
        if (lines != at) {
            throw refused(i.at(), "if", "an if decided in the Pod whose branches change container is not translated");
        }
        emit(scope, "fi");
    }

    /** A condition: a Boolean when known now, else a shell test. */
    Object condition(Expr e, Scope scope) {
        if (e instanceof Expr.Not n) {
            Object inner = condition(n.operand(), scope);
            return inner instanceof Boolean b ? !b : "! { " + inner + "; }";
        }
        if (e instanceof Expr.Binary b && (b.operator().equals("&&") || b.operator().equals("||"))) {
            boolean and = b.operator().equals("&&");
            Object l = condition(b.left(), scope);
            if (l instanceof Boolean lb && and != lb) {
                return lb;
            }
            List<String> segment = lines;
            int emitted = lines == null ? 0 : lines.size();
            Object r = condition(b.right(), scope);
            if (l instanceof String && (lines != segment || lines != null && lines.size() != emitted)) {
                // Groovy would run the right side's steps only when the left side does not decide.
                throw refused(b.at(), "Groovy", b.operator() + " whose right side runs a step, after a left side only the Pod"
                        + " decides, is not translated");
            }
            if (l instanceof Boolean) {
                return r;
            }
            if (r instanceof Boolean rb) {
                return and == rb ? l : rb;
            }
            return "{ " + l + "; } " + b.operator() + " { " + r + "; }";
        }
        if (e instanceof Expr.Binary b && (b.operator().equals("==") || b.operator().equals("!="))) {
            Val l = eval(b.left(), scope);
            Val r = eval(b.right(), scope);
            boolean equal = b.operator().equals("==");
            if (l instanceof Val.Known lk && r instanceof Val.Known rk) {
                return equal == groovyEquals(lk.value(), rk.value());
            }
            if (l instanceof Val.Known lk && !(lk.value() instanceof String)
                    || r instanceof Val.Known rk && !(rk.value() instanceof String)) {
                throw refused(b.at(), "Groovy", "comparing a value only the Pod knows with a non-string is not translated");
            }
            return "[ " + l.text().word() + (equal ? " = " : " != ") + r.text().word() + " ]";
        }
        Val v = eval(e, scope);
        Boolean truth = v.truth();
        if (truth != null) {
            return truth;
        }
        Val.Runtime r = (Val.Runtime) v;
        return r.bool() ? "[ " + r.text().word() + " = true ]" : "[ -n " + r.text().word() + " ]";
    }

    private static boolean groovyEquals(Object a, Object b) {
        if (a instanceof Number x && b instanceof Number y) {
            return x.doubleValue() == y.doubleValue();
        }
        return java.util.Objects.equals(a == null ? null : a instanceof CharSequence ? a.toString() : a,
                b == null ? null : b instanceof CharSequence ? b.toString() : b);
    }

    private boolean isTrue(Expr e, Scope scope) {
        if (e == null) {
            return false;
        }
        Boolean b = eval(e, scope).truth();
        if (b == null) {
            throw refused(e.at(), "Groovy", "a flag only the Pod knows is not translated");
        }
        return b;
    }

    private long seconds(Expr.Args args, Position at, Scope scope, String defaultUnit) {
        Val time = eval(args.single("time"), scope);
        if (!(time instanceof Val.Known k && k.value() instanceof Number n)) {
            throw refused(at, "sleep", "the time must be a number known when translating");
        }
        String unit = args.named().containsKey("unit") ? unitName(args.named().get("unit")) : defaultUnit;
        return Options.toSeconds(n.longValue(), unit, at);
    }

    static String unitName(Expr e) {
        if (Expr.string(e) != null) {
            return Expr.string(e);
        }
        if (e instanceof Expr.Name n) {
            return n.name();
        }
        if (e instanceof Expr.Property p) {
            return p.name();
        }
        return null;
    }

    ShellText text(Expr e, Scope scope) {
        if (e == null) {
            throw refused(null, "argument", "a required argument is missing");
        }
        return eval(e, scope).text();
    }

    /** Evaluates an expression that has no effect: a value known now, or text the Pod holds. */
    Val eval(Expr e, Scope scope) {
        if (e instanceof Expr.Literal l) {
            return Val.of(l.value());
        }
        if (e instanceof Expr.Interpolated i) {
            List<Object> parts = new ArrayList<>();
            for (Object part : i.parts()) {
                parts.addAll(part instanceof String s ? List.of(s) : eval((Expr) part, scope).text().parts());
            }
            ShellText t = new ShellText(parts);
            return t.literal() != null ? Val.of(t.literal()) : new Val.Runtime(t);
        }
        if (e instanceof Expr.Name n) {
            return name(n.name(), n.at(), scope);
        }
        if (e instanceof Expr.Property p && p.target() instanceof Expr.Name t && t.name().equals("env")) {
            Val v = env(p.name(), scope);
            return v == null ? Val.of(null) : v;
        }
        if (e instanceof Expr.Property p && p.target() instanceof Expr.Name t && t.name().equals("params")) {
            return Val.of(params.get(p.name()));
        }
        if (e instanceof Expr.Call c && c.target() != null) {
            return method(c, scope);
        }
        if (e instanceof Expr.Call c && c.name().equals("isUnix")) {
            return Val.of(Boolean.TRUE);
        }
        if (e instanceof Expr.Call c && c.target() == null && Set.of("sh", "readFile", "fileExists", "pwd").contains(c.name())) {
            // A step whose value is used in place: run it first, into a variable of its own.
            return evalInto(c, scope, "gb_i_t" + (++counter));
        }
        if (e instanceof Expr.Binary b && b.operator().equals("+")) {
            Val l = eval(b.left(), scope);
            Val r = eval(b.right(), scope);
            if (l instanceof Val.Known lk && lk.value() instanceof Number x && r instanceof Val.Known rk
                    && rk.value() instanceof Number y) {
                return Val.of(x.longValue() + y.longValue());
            }
            ShellText t = l.text().plus(r.text());
            return t.literal() != null ? Val.of(t.literal()) : new Val.Runtime(t);
        }
        if (e instanceof Expr.Binary b && Set.of("==~", "=~", "[", "<", ">", "<=", ">=", "in").contains(b.operator())) {
            return binary(b, scope);
        }
        if (e instanceof Expr.Binary b && !Set.of("==", "!=", "&&", "||").contains(b.operator())) {
            throw refused(b.at(), "Groovy", "operator " + b.operator() + " is not translated");
        }
        if (e instanceof Expr.Binary || e instanceof Expr.Not) {
            Object c = condition(e, scope);
            if (c instanceof Boolean known) {
                return Val.of(known);
            }
            throw refused(e.at(), "Groovy", "a condition only the Pod can decide, used as a value, is not translated");
        }
        if (e instanceof Expr.Ternary t) {
            Object c = condition(t.condition(), scope);
            if (c instanceof Boolean known) {
                return eval(known ? t.then() : t.otherwise(), scope);
            }
            throw refused(t.at(), "Groovy", "a ?: only the Pod can decide is not translated");
        }
        if (e instanceof Expr.MapOf m) {
            Map<String, Object> entries = new LinkedHashMap<>();
            for (Map.Entry<String, Expr> entry : m.entries().entrySet()) {
                Val v = eval(entry.getValue(), scope);
                if (!(v instanceof Val.Known k)) {
                    throw refused(m.at(), "Groovy", "a map with values only the Pod knows is not translated");
                }
                entries.put(entry.getKey(), k.value());
            }
            return Val.of(entries);
        }
        if (e instanceof Expr.ListOf l) {
            List<Object> items = new ArrayList<>();
            for (Expr item : l.items()) {
                Val v = eval(item, scope);
                items.add(v instanceof Val.Known k ? k.value() : ((Val.Runtime) v).text());
            }
            return Val.of(items);
        }
        throw refused(e.at(), "Groovy", "this expression is not translated: " + describe(e));
    }

    /** Operators on values known now: regular expressions as Groovy's, indexing, comparisons, {@code in}. */
    private Val binary(Expr.Binary b, Scope scope) {
        try {
            return knownBinary(b, scope);
        } catch (java.util.regex.PatternSyntaxException e) {
            throw refused(b.at(), "Groovy", "the regular expression does not compile (Jenkins fails the build on it): "
                    + e.getDescription());
        }
    }

    private Val knownBinary(Expr.Binary b, Scope scope) {
        Val l = eval(b.left(), scope);
        Val r = eval(b.right(), scope);
        if (!(l instanceof Val.Known lk) || !(r instanceof Val.Known rk)) {
            throw refused(b.at(), "Groovy", "operator " + b.operator() + " on a value only the Pod knows is not translated");
        }
        Object x = lk.value();
        Object y = rk.value();
        switch (b.operator()) {
            case "==~":
                return Val.of(x != null && java.util.regex.Pattern.compile(String.valueOf(y)).matcher(String.valueOf(x)).matches());
            case "=~":
                // In a condition a Matcher is true when it finds a match.
                return Val.of(x != null && java.util.regex.Pattern.compile(String.valueOf(y)).matcher(String.valueOf(x)).find());
            case "[":
                if (x instanceof Map<?, ?> m) {
                    return Val.of(m.get(String.valueOf(y)));
                }
                if (x instanceof List<?> list && y instanceof Number n && n.intValue() >= 0 && n.intValue() < list.size()) {
                    return Val.of(list.get(n.intValue()));
                }
                throw refused(b.at(), "Groovy", "this index is not translated");
            case "in":
                return Val.of(y instanceof java.util.Collection<?> c && c.contains(x));
            default:
                if (x instanceof Number p && y instanceof Number q) {
                    int cmp = Double.compare(p.doubleValue(), q.doubleValue());
                    return Val.of(switch (b.operator()) {
                        case "<" -> cmp < 0;
                        case ">" -> cmp > 0;
                        case "<=" -> cmp <= 0;
                        default -> cmp >= 0;
                    });
                }
                throw refused(b.at(), "Groovy", "comparing " + b.operator() + " other than numbers is not translated");
        }
    }

    private static String describe(Expr e) {
        if (e instanceof Expr.Other o) {
            return o.kind() + " (" + o.text() + ")";
        }
        if (e instanceof Expr.Call c) {
            return c.name() + "(…)";
        }
        if (e instanceof Expr.Property p) {
            return "." + p.name();
        }
        return e.getClass().getSimpleName();
    }

    private Val name(String name, Position at, Scope scope) {
        if (scope.hasLocal(name)) {
            return scope.local(name);
        }
        if (bindings.containsKey(name)) {
            return bindings.get(name);
        }
        Val v = env(name, scope);
        if (v != null) {
            return v;
        }
        if (params.containsKey(name)) {
            return Val.of(params.get(name));
        }
        throw refused(at, "Groovy", "'" + name + "' is not a variable, parameter or environment variable known here");
    }

    private Val env(String name, Scope scope) {
        if (scope.exported.containsKey(name)) {
            return scope.exported.get(name);
        }
        if (runEnv.containsKey(name)) {
            return runEnv.get(name);
        }
        if (taskEnv.containsKey(name)) {
            return taskEnv.get(name);
        }
        if (params.containsKey(name)) {
            Object p = params.get(name);
            return Val.of(p == null ? null : String.valueOf(p));
        }
        if (AGENT_ENV.contains(name)) {
            // The agent's own: known only in the Pod, as on a Jenkins agent.
            return new Val.Runtime(ShellText.var(name));
        }
        return null;
    }

    /** Variables an agent's environment has that Jenkins does not set: the container's. */
    static final Set<String> AGENT_ENV = Set.of("PATH", "HOME", "HOSTNAME", "USER", "SHELL", "LANG", "PWD", "TMPDIR");

    private Val method(Expr.Call c, Scope scope) {
        try {
            return knownMethod(c, scope);
        } catch (java.util.regex.PatternSyntaxException e) {
            throw refused(c.at(), "Groovy", "the regular expression does not compile (Jenkins fails the build on it): "
                    + e.getDescription());
        }
    }

    private Val knownMethod(Expr.Call c, Scope scope) {
        Val target = eval(c.target(), scope);
        List<Val> args = new ArrayList<>();
        for (Expr a : c.args().positional()) {
            args.add(eval(a, scope));
        }
        if (!(target instanceof Val.Known k) || args.stream().anyMatch(a -> !(a instanceof Val.Known))) {
            throw refused(c.at(), "Groovy", "." + c.name() + "() of a value only the Pod knows is not translated here"
                    + " (assign it to a variable first: def v = sh(…).trim())");
        }
        Object v = k.value();
        List<Object> a = args.stream().map(x -> ((Val.Known) x).value()).toList();
        if (v instanceof String s) {
            switch (c.name()) {
                case "trim":
                    return Val.of(trim(s));
                case "toString":
                    return Val.of(s);
                case "toLowerCase":
                    return Val.of(s.toLowerCase(java.util.Locale.ROOT));
                case "toUpperCase":
                    return Val.of(s.toUpperCase(java.util.Locale.ROOT));
                case "startsWith":
                    return Val.of(s.startsWith(String.valueOf(a.get(0))));
                case "endsWith":
                    return Val.of(s.endsWith(String.valueOf(a.get(0))));
                case "contains":
                    return Val.of(s.contains(String.valueOf(a.get(0))));
                case "equals":
                    return Val.of(s.equals(a.get(0)));
                case "toBoolean":
                    return Val.of(s.trim().equalsIgnoreCase("true") || s.trim().equals("y") || s.trim().equals("1"));
                case "toInteger":
                    return Val.of(Long.parseLong(s.trim()));
                case "replace":
                    return Val.of(s.replace(String.valueOf(a.get(0)), String.valueOf(a.get(1))));
                case "matches":
                    return Val.of(s.matches(String.valueOf(a.get(0))));
                case "stripIndent":
                    return Val.of(stripIndent(s));
                case "stripMargin":
                    return Val.of(s.lines().map(l -> l.replaceFirst("^[ \\t]*\\|", ""))
                            .collect(java.util.stream.Collectors.joining("\n")) + (s.endsWith("\n") ? "\n" : ""));
                case "isEmpty":
                    return Val.of(s.isEmpty());
                case "length", "size":
                    return Val.of((long) s.length());
                default:
                    break;
            }
        }
        if (v == null) {
            throw refused(c.at(), "Groovy", "." + c.name() + "() on null: Jenkins would fail with a NullPointerException");
        }
        if (c.name().equals("toString")) {
            return Val.of(String.valueOf(v));
        }
        throw refused(c.at(), "Groovy", "method ." + c.name() + "() is not translated");
    }

    /** Groovy's stripIndent(): the indentation all non-blank lines share taken off each line. */
    static String stripIndent(String s) {
        String[] lines = s.split("\n", -1);
        int indent = Integer.MAX_VALUE;
        for (String l : lines) {
            if (!l.isBlank()) {
                int i = 0;
                while (i < l.length() && Character.isWhitespace(l.charAt(i))) {
                    i++;
                }
                indent = Math.min(indent, i);
            }
        }
        if (indent == Integer.MAX_VALUE || indent == 0) {
            return s;
        }
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < lines.length; i++) {
            String l = lines[i];
            b.append(l.isBlank() ? l.substring(Math.min(l.length(), indent)) : l.substring(indent));
            if (i < lines.length - 1) {
                b.append('\n');
            }
        }
        return b.toString();
    }

    /** Groovy's (and Java's) trim: characters up to U+0020 off both ends. */
    static String trim(String s) {
        return s.trim();
    }

    static Report.Refused refused(Position at, String construct, String reason) {
        return new Report.Refused(at, construct, reason);
    }

    /** Shell functions a segment uses, defined at its top. */
    static String helper(String name) {
        return switch (name) {
            // A value as one single-quoted shell word, for the files later steps and Pods read back.
            case "gb_q" -> "gb_q() { gb_i_v=$(printf '%s' \"$1\" | sed \"s/'/'\\\"'\\\"'/g\"; printf x); printf \"'%s'\" \"${gb_i_v%x}\"; }";
            // Groovy's trim(): whitespace and control characters off both ends; prints the result and an 'x'.
            case "gb_trim" -> "gb_trim() { gb_i_s=$1; while :; do case $gb_i_s in [[:space:][:cntrl:]]*) gb_i_s=${gb_i_s#?};; *) break;; esac;"
                    + " done; while :; do case $gb_i_s in *[[:space:][:cntrl:]]) gb_i_s=${gb_i_s%?};; *) break;; esac; done;"
                    + " printf '%sx' \"$gb_i_s\"; }";
            default -> throw new IllegalArgumentException(name);
        };
    }
}
