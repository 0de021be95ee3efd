package io.gitopsbridge.schema;

import java.util.Optional;

/** Where the schemas of kinds come from: a document, a cluster, the built-in table. */
public interface Schemas {
    /** No kind is known. */
    Schemas NONE = (group, version, kind) -> Optional.empty();

    /** The schema of {@code group}/{@code version} {@code kind} ({@code ""} for the core group), if known here. */
    Optional<TypeSchema> of(String group, String version, String kind);

    /** These schemas, and {@code fallback}'s for the kinds these do not know. */
    default Schemas or(Schemas fallback) {
        return (group, version, kind) -> {
            Optional<TypeSchema> mine = of(group, version, kind);
            return mine.isPresent() ? mine : fallback.of(group, version, kind);
        };
    }
}
