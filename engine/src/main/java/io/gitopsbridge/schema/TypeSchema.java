package io.gitopsbridge.schema;

import java.util.List;
import java.util.Optional;

/** The merge metadata of one kind's fields. */
public interface TypeSchema {
    /** A kind nothing is known of: every field without metadata. */
    TypeSchema NONE = path -> Optional.empty();

    /**
     * The metadata of the field at {@code path}: field names from the object's root, list items adding no name, map
     * entries their key. Empty when the schema does not reach that field.
     */
    Optional<Field> field(List<String> path);
}
