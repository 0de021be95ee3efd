/**
 * Health of live Kubernetes objects and of an application, with Argo CD's (gitops-engine's) rules, so an
 * Application shows the same health here as in Argo CD.
 */
package io.gitopsbridge.health;
