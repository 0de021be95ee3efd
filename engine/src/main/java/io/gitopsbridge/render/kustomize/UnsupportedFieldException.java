package io.gitopsbridge.render.kustomize;

import io.gitopsbridge.render.RenderException;

/** A kustomization asks for something this Kustomize does not implement: refused, never ignored. */
public final class UnsupportedFieldException extends RenderException {
    private static final long serialVersionUID = 1L;

    public UnsupportedFieldException(String message) {
        super(message);
    }
}
