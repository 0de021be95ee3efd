package io.gitopsbridge.writeback;

import java.util.List;

/**
 * What a write-back did.
 *
 * @param changed whether a commit was pushed; {@code false} when the branch already held every value
 * @param commit the pushed commit, or the branch's tip for a no-op
 * @param branch the branch pushed to
 * @param files the files the commit changed
 * @param attempts how many push attempts it took
 */
public record WriteBackResult(boolean changed, String commit, String branch, List<String> files, int attempts) {
    public WriteBackResult {
        files = List.copyOf(files);
    }
}
