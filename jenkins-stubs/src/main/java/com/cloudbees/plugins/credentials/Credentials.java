package com.cloudbees.plugins.credentials;

import hudson.ExtensionPoint;
import hudson.model.Describable;
import java.io.Serializable;

/** Stub of credentials 1405.vb_cda_74a_f8974 {@code src/main/java/com/cloudbees/plugins/credentials/Credentials.java}. */
public interface Credentials extends Describable<Credentials>, Serializable, ExtensionPoint {}
