/**
 * The one strategic merge of the engine and where its merge keys come from: which lists of which kinds merge item by
 * item, by which key, as the Kubernetes API declares them; everything else is replaced whole.
 */
package io.gitopsbridge.merge;
