package io.gitopsbridge.web;

import io.gitopsbridge.app.Application;

/** What one caller may see and do: hosts decide it (a token, Jenkins' permissions), the API only asks. */
public interface Access {
    /** The actions on an application, each checked on its own. */
    enum Action { SYNC, REFRESH, ROLLBACK, TERMINATE }

    /** Who asks, as operations record it ({@code operation.initiatedBy.username}). */
    String user();

    boolean canRead(Application app);

    boolean canAct(Application app, Action action);

    /** Everything, in the name of {@code user}: a standalone host's caller with its token. */
    static Access all(String user) {
        return new Access() {
            @Override
            public String user() {
                return user;
            }

            @Override
            public boolean canRead(Application app) {
                return true;
            }

            @Override
            public boolean canAct(Application app, Action action) {
                return true;
            }
        };
    }
}
