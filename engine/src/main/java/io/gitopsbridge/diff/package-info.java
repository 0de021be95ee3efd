/**
 * Comparing desired objects with live ones as Argo CD does: both sides normalized, the live object predicted from a
 * three-way merge of the last-applied record, the desired object and the live object (so fields the server defaulted
 * do not count, and fields removed from Git do), {@code ignoreDifferences} taken out, and a unified diff for people.
 */
package io.gitopsbridge.diff;
