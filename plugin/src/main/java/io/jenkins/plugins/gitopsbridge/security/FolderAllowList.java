package io.jenkins.plugins.gitopsbridge.security;

import java.util.List;

/**
 * The folders (or single jobs) whose builds may use a cluster or an application, by full name: {@code team-a}
 * admits every job below folder {@code team-a}, {@code team-a/deploy} that job or folder only. No entries admits
 * every job, as before folder restrictions existed.
 *
 * @param entries full names of folders or jobs
 */
public record FolderAllowList(List<String> entries) {
    public static final FolderAllowList ANY_JOB = new FolderAllowList(List.of());

    public FolderAllowList {
        entries = entries.stream().map(e -> e.strip().replaceAll("^/+|/+$", "")).filter(e -> !e.isEmpty()).distinct().toList();
    }

    /** One full name per line; blank lines and {@code #} comments are ignored. */
    public static FolderAllowList parse(String text) {
        return text == null ? ANY_JOB : new FolderAllowList(text.lines().filter(l -> !l.strip().startsWith("#")).toList());
    }

    /** Whether the job with this full name ({@code team-a/api/main}) is admitted. */
    public boolean admits(String jobFullName) {
        return entries.isEmpty() || entries.stream().anyMatch(e -> jobFullName.equals(e) || jobFullName.startsWith(e + "/"));
    }

    /**
     * @param what {@code Cluster 'prod'}, {@code Application 'api'}
     * @throws IllegalArgumentException naming what was refused, the job and its folder, if the job is not admitted
     */
    public void check(String what, String jobFullName) {
        if (admits(jobFullName)) {
            return;
        }
        int slash = jobFullName.lastIndexOf('/');
        String folder = slash < 0 ? "the top level" : "folder '" + jobFullName.substring(0, slash) + "'";
        throw new IllegalArgumentException(what + " may be used only by jobs in " + String.join(", ", entries)
                + "; job '" + jobFullName + "' is in " + folder + ". An administrator grants folders in Manage Jenkins ›"
                + " System › GitOps Bridge (Allowed folders).");
    }
}
