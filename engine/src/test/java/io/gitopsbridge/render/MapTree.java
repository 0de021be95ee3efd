package io.gitopsbridge.render;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;

/** A source tree held in memory: file path → text. */
public record MapTree(Map<String, String> files) implements SourceTree {
    /** This tree with one more file. */
    public MapTree with(String path, String text) {
        Map<String, String> copy = new TreeMap<>(files);
        copy.put(path, text);
        return new MapTree(copy);
    }

    public static MapTree of(String... pathsAndTexts) {
        Map<String, String> files = new TreeMap<>();
        for (int i = 0; i < pathsAndTexts.length; i += 2) {
            files.put(pathsAndTexts[i], pathsAndTexts[i + 1]);
        }
        return new MapTree(files);
    }

    @Override
    public Optional<String> read(String path) {
        return Optional.ofNullable(files.get(path));
    }

    @Override
    public boolean isDirectory(String path) {
        return path.isEmpty() || files.keySet().stream().anyMatch(f -> f.startsWith(path + "/"));
    }

    @Override
    public List<String> list(String dir) {
        TreeSet<String> names = new TreeSet<>();
        String prefix = dir.isEmpty() ? "" : dir + "/";
        for (String f : files.keySet()) {
            if (f.startsWith(prefix)) {
                String rest = f.substring(prefix.length());
                names.add(rest.contains("/") ? rest.substring(0, rest.indexOf('/') + 1) : rest);
            }
        }
        return List.copyOf(names);
    }
}
