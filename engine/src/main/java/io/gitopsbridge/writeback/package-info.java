/**
 * Write-back: image updates committed to a GitOps config repository. Editors change only the bytes of the values
 * they set (comments, quoting, blank lines, key order, anchors and line endings stay as they were), and the
 * repository client re-applies the same edits on the new tip when a push loses a race.
 */
package io.gitopsbridge.writeback;
