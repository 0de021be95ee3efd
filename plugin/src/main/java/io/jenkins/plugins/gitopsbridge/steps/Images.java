package io.jenkins.plugins.gitopsbridge.steps;

/**
 * The images the steps use, from the global configuration.
 *
 * @param helper reports results
 * @param git clones sources, or {@code null}
 * @param kaniko the Kaniko executor, or {@code null}
 */
record Images(String helper, String git, String kaniko) {
    String requireGit() {
        if (git == null) {
            throw new IllegalArgumentException("gitUrl needs an image with git: set 'Git image' in Manage Jenkins ›"
                    + " System › GitOps Bridge");
        }
        return git;
    }
}
