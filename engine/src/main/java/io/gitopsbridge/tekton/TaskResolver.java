package io.gitopsbridge.tekton;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/** Finds the Task a pipeline task's {@code taskRef} names. */
@FunctionalInterface
public interface TaskResolver {
    Optional<Task> find(String name);

    /** No Tasks: every pipeline task must have a {@code taskSpec}. */
    TaskResolver NONE = name -> Optional.empty();

    /** These Tasks, by name. */
    static TaskResolver of(List<Task> tasks) {
        Map<String, Task> byName = new java.util.HashMap<>();
        tasks.forEach(t -> byName.put(t.name(), t));
        return name -> Optional.ofNullable(byName.get(name));
    }

    /**
     * Tasks in a directory: {@code <name>.yaml} or {@code <name>.yml}, or the Tekton catalog layout
     * {@code <name>/<version>/<name>.yaml}, taking the highest version.
     */
    static TaskResolver directory(Path dir) {
        return name -> {
            List<Path> candidates = new ArrayList<>(List.of(dir.resolve(name + ".yaml"), dir.resolve(name + ".yml")));
            Path versions = dir.resolve(name);
            if (Files.isDirectory(versions)) {
                try (Stream<Path> list = Files.list(versions)) {
                    list.filter(Files::isDirectory)
                            .max(Comparator.comparing(p -> versionKey(p.getFileName().toString())))
                            .ifPresent(v -> candidates.add(0, v.resolve(name + ".yaml")));
                } catch (IOException e) {
                    throw new IllegalArgumentException("Cannot list " + versions + ": " + e.getMessage(), e);
                }
            }
            for (Path file : candidates) {
                if (Files.isRegularFile(file)) {
                    try {
                        return Optional.of(TektonParser.task(dir.relativize(file).toString(), Files.readString(file)));
                    } catch (IOException e) {
                        throw new IllegalArgumentException("Cannot read " + file + ": " + e.getMessage(), e);
                    }
                }
            }
            return Optional.empty();
        };
    }

    private static String versionKey(String version) {
        StringBuilder key = new StringBuilder();
        for (String part : version.split("\\.")) {
            key.append(String.format("%10s", part.replaceAll("\\D", "")));
        }
        return key.toString();
    }
}
