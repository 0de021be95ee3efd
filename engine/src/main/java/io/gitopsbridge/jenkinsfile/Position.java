package io.gitopsbridge.jenkinsfile;

/** Where a construct starts in its Jenkinsfile (1-based, as Groovy counts). */
public record Position(String file, int line, int column) {
    @Override
    public String toString() {
        return file + ":" + line + ":" + column;
    }
}
