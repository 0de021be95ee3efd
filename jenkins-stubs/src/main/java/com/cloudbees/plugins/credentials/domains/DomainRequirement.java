package com.cloudbees.plugins.credentials.domains;

import java.io.Serializable;

/** Stub of credentials 1405.vb_cda_74a_f8974 {@code src/main/java/com/cloudbees/plugins/credentials/domains/DomainRequirement.java}. */
public class DomainRequirement implements Serializable {
    private static final long serialVersionUID = 1L;

    public DomainRequirement() {}
}
