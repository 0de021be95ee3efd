package io.gitopsbridge.tekton;

import java.io.IOException;
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

    /** Read access to a directory tree of Task files, wherever it lives (a local disk, a Jenkins workspace). */
    interface Files {
        /** The text of the file at this {@code /}-separated relative path, or empty if there is no such file. */
        Optional<String> read(String path) throws IOException;

        /** The names of the subdirectories of this relative path; empty if it is not a directory. */
        List<String> directories(String path) throws IOException;
    }

    /**
     * Tasks in a directory: {@code <name>.yaml} or {@code <name>.yml}, or the Tekton catalog layout
     * {@code <name>/<version>/<name>.yaml}, taking the highest version.
     */
    static TaskResolver directory(Path dir) {
        return files(directoryFiles(dir));
    }

    /** The files of a local directory. */
    static Files directoryFiles(Path dir) {
        return new Files() {
            @Override
            public Optional<String> read(String path) throws IOException {
                Path file = dir.resolve(path);
                return java.nio.file.Files.isRegularFile(file) ? Optional.of(java.nio.file.Files.readString(file)) : Optional.empty();
            }

            @Override
            public List<String> directories(String path) throws IOException {
                Path d = dir.resolve(path);
                if (!java.nio.file.Files.isDirectory(d)) {
                    return List.of();
                }
                try (Stream<Path> list = java.nio.file.Files.list(d)) {
                    return list.filter(java.nio.file.Files::isDirectory).map(p -> p.getFileName().toString()).toList();
                }
            }
        };
    }

    /** No files at all. */
    Files NO_FILES = new Files() {
        @Override
        public Optional<String> read(String path) {
            return Optional.empty();
        }

        @Override
        public List<String> directories(String path) {
            return List.of();
        }
    };

    /**
     * Tasks (and StepActions, {@link #stepAction}) in a directory tree laid out as {@link #directory(Path)}
     * describes.
     */
    static TaskResolver files(Files files) {
        return new TaskResolver() {
            @Override
            public Optional<Task> find(String name) {
                return document(files, name, "Task").map(TektonParser::task);
            }

            @Override
            public Optional<StepAction> stepAction(String name) {
                return document(files, name, "StepAction").map(TektonParser::stepAction);
            }
        };
    }

    /**
     * The StepAction a step's {@code ref} names, or empty. Only resolvers that read files find any.
     */
    default Optional<StepAction> stepAction(String name) {
        return Optional.empty();
    }

    /** The document of {@code <name>.yaml}, {@code <name>.yml} or {@code <name>/<highest version>/<name>.yaml}. */
    private static Optional<io.gitopsbridge.yaml.YamlNode> document(Files files, String name, String what) {
        List<String> candidates = new ArrayList<>(List.of(name + ".yaml", name + ".yml"));
        try {
            files.directories(name).stream()
                    .max(VERSION_ORDER)
                    .ifPresent(v -> candidates.add(0, name + "/" + v + "/" + name + ".yaml"));
            for (String file : candidates) {
                Optional<String> text = files.read(file);
                if (text.isPresent()) {
                    return Optional.of(io.gitopsbridge.yaml.YamlFiles.document(file, text.get()));
                }
            }
        } catch (IOException e) {
            throw new IllegalArgumentException("Cannot read " + what + " '" + name + "': " + e.getMessage(), e);
        }
        return Optional.empty();
    }

    /** Catalog version directories ({@code 0.9} before {@code 0.10}), as the catalog numbers them. */
    Comparator<String> VERSION_ORDER = Comparator.comparing(TaskResolver::versionKey);

    private static String versionKey(String version) {
        StringBuilder key = new StringBuilder();
        for (String part : version.split("\\.")) {
            key.append(String.format("%10s", part.replaceAll("\\D", "")));
        }
        return key.toString();
    }
}
