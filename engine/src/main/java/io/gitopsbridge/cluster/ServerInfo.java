package io.gitopsbridge.cluster;

/**
 * What an API server says about itself on {@code GET /version}.
 *
 * @param gitVersion the Kubernetes version, such as {@code v1.31.2}
 * @param platform such as {@code linux/amd64}
 */
public record ServerInfo(String gitVersion, String platform) {}
