package jenkins;

/** Stub of jenkins-core 2.479.3 {@code core/src/main/java/jenkins/YesNoMaybe.java}. */
public enum YesNoMaybe {
    YES,
    NO,
    MAYBE
}
