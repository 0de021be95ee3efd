/**
 * Tekton Tasks (and, later, Pipelines) as data: parsed from {@code tekton.dev/v1} or {@code v1beta1} YAML or built
 * inline, validated with errors that name the file, YAML path and line, and parameters resolved for one run.
 */
package io.gitopsbridge.tekton;
