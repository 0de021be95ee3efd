package io.gitopsbridge.yaml;

/**
 * Bad input in a YAML document. The message reads {@code <file>:<line>: <path>: <problem>}; the parts are also
 * available on their own.
 */
public class YamlException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final String file;
    private final String path;
    private final int line;
    private final String problem;

    public YamlException(String file, String path, int line, String problem) {
        super(format(file, path, line, problem));
        this.file = file;
        this.path = path;
        this.line = line;
        this.problem = problem;
    }

    private static String format(String file, String path, int line, String problem) {
        StringBuilder s = new StringBuilder(file);
        if (line > 0) {
            s.append(':').append(line);
        }
        s.append(": ");
        if (path != null && !path.isEmpty()) {
            s.append(path).append(": ");
        }
        return s.append(problem).toString();
    }

    public String file() {
        return file;
    }

    /** The YAML path, such as {@code spec.steps[1].name}; empty for the document itself. */
    public String path() {
        return path;
    }

    /** The 1-based line, or 0 when unknown. */
    public int line() {
        return line;
    }

    public String problem() {
        return problem;
    }
}
