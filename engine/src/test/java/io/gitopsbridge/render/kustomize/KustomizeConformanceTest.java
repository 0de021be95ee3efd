package io.gitopsbridge.render.kustomize;

import static org.assertj.core.api.Assertions.assertThat;

import io.gitopsbridge.render.Manifest;
import io.gitopsbridge.render.RenderException;
import io.gitopsbridge.render.Renderer;
import io.gitopsbridge.render.SourceTree;
import io.gitopsbridge.yaml.KubeYaml;
import io.gitopsbridge.yaml.Trees;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * kustomize's own test suite (its krusty cases, as data in {@code ../shared/conformance/kustomize}) run through our
 * Kustomize. Prints a table and fails on any case rendered differently from kustomize or any uncaught exception.
 */
@Timeout(value = 5, unit = TimeUnit.MINUTES)
class KustomizeConformanceTest {
    enum Outcome { PASS, REFUSED, WRONG, FALSE_ERROR, WRONG_ACCEPTANCE, UNCAUGHT, INPUT_NOT_AS_TESTED }

    /**
     * Cases whose stored input is not what kustomize's test wrote, so its expected output cannot follow from it: the
     * test writes the byte 0xFF, the stored file holds U+00FF in UTF-8 (valid text, which kustomize puts in data).
     */
    private static final Map<String, String> INPUT_NOT_AS_TESTED = Map.of("TestGeneratorOverlaysBinaryData",
            "base/data.bin is stored as UTF-8 text; the Go test wrote raw 0xFF bytes (binaryData)");

    static Path casesDir() {
        return io.gitopsbridge.testing.SharedConformance.find("kustomize/cases");
    }

    @Test
    void kustomizeKrustyCases() throws IOException {
        Path cases = casesDir();
        Assumptions.assumeTrue(cases != null, "kustomize conformance cases not found (../shared/conformance/kustomize is"
                + " absent on a user's clone): skipped");
        Map<Outcome, List<String>> results = new EnumMap<>(Outcome.class);
        for (Outcome o : Outcome.values()) {
            results.put(o, new ArrayList<>());
        }
        Map<String, String> details = new TreeMap<>();
        List<Path> dirs;
        try (Stream<Path> list = Files.list(cases)) {
            dirs = list.filter(Files::isDirectory).sorted().toList();
        }
        for (Path dir : dirs) {
            String name = dir.getFileName().toString();
            String[] detail = new String[1];
            Outcome outcome = run(dir, detail);
            if (outcome == Outcome.WRONG && INPUT_NOT_AS_TESTED.containsKey(name)) {
                outcome = Outcome.INPUT_NOT_AS_TESTED;
                detail[0] = INPUT_NOT_AS_TESTED.get(name);
            }
            results.get(outcome).add(name);
            if (detail[0] != null) {
                details.put(name, outcome + ": " + detail[0]);
            }
        }
        StringBuilder table = new StringBuilder("\nkustomize conformance (" + dirs.size() + " krusty cases)\n");
        table.append(String.format("| %-16s | %5s |%n|------------------|------:|%n", "outcome", "cases"));
        for (Outcome o : Outcome.values()) {
            table.append(String.format("| %-16s | %5d |%n", o, results.get(o).size()));
        }
        for (Outcome o : Outcome.values()) {
            if (o != Outcome.PASS && !results.get(o).isEmpty()) {
                table.append(o).append(": ").append(String.join(", ", results.get(o))).append('\n');
                if (o != Outcome.REFUSED) {
                    for (String name : results.get(o)) {
                        String d = details.get(name);
                        table.append("  ").append(name).append(": ").append(d == null ? "" : d.lines().findFirst().orElse(""))
                                .append('\n');
                    }
                }
            }
        }
        String report = table.toString();
        System.out.println(report);
        Path out = Path.of("target", "kustomize-conformance.txt");
        Files.createDirectories(out.getParent());
        StringBuilder full = new StringBuilder(report).append('\n');
        details.forEach((k, v) -> full.append(k).append(": ").append(v).append("\n\n"));
        Files.writeString(out, full);
        assertThat(results.get(Outcome.WRONG)).as("cases rendered differently from kustomize").isEmpty();
        assertThat(results.get(Outcome.UNCAUGHT)).as("cases that threw an uncaught exception").isEmpty();
    }

    @SuppressWarnings("unchecked")
    private static Outcome run(Path dir, String[] detail) throws IOException {
        Map<String, Object> c = (Map<String, Object>) KubeYaml.load("case.json", Files.readString(dir.resolve("case.json")));
        Map<String, Object> options = (Map<String, Object>) c.get("options");
        String expect = (String) c.get("expect");
        KustomizeOptions opts = new KustomizeOptions(switch (String.valueOf(options.get("reorder"))) {
            case "legacy" -> KustomizeOptions.Reorder.LEGACY;
            case "none" -> KustomizeOptions.Reorder.NONE;
            default -> KustomizeOptions.Reorder.UNSPECIFIED;
        }, "LoadRestrictionsRootOnly".equals(options.get("loadRestrictions")));
        List<Manifest> rendered;
        try {
            rendered = Kustomize.build(SourceTree.of(dir.resolve("root")), String.valueOf(c.get("path")), opts);
        } catch (UnsupportedFieldException e) {
            detail[0] = e.getMessage();
            return expect.equals("error") ? Outcome.PASS : Outcome.REFUSED;
        } catch (RenderException e) {
            detail[0] = e.getMessage();
            return expect.equals("error") ? Outcome.PASS : Outcome.FALSE_ERROR;
        } catch (RuntimeException | StackOverflowError e) {
            detail[0] = e.toString() + " at " + (e.getStackTrace().length > 0 ? e.getStackTrace()[0] : "?");
            return Outcome.UNCAUGHT;
        }
        if (expect.equals("error")) {
            detail[0] = "kustomize refuses this input; we rendered " + rendered.size() + " objects";
            return Outcome.WRONG_ACCEPTANCE;
        }
        if (expect.equals("success")) {
            return Outcome.PASS;
        }
        List<Object> actual = KubeYaml.loadAll("rendered", Renderer.yaml(rendered));
        List<Object> wanted = KubeYaml.loadAll("expected.yaml", Files.readString(dir.resolve("expected.yaml")));
        if (Trees.same(actual, wanted)) {
            return Outcome.PASS;
        }
        detail[0] = "\n--- expected\n" + yaml(wanted) + "--- rendered\n" + yaml(actual);
        return Outcome.WRONG;
    }

    private static String yaml(List<Object> docs) {
        StringBuilder out = new StringBuilder();
        for (Object d : docs) {
            out.append(Trees.yaml(d)).append("---\n");
        }
        return out.toString();
    }
}
