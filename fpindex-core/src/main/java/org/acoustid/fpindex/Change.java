package org.acoustid.fpindex;

/**
 * One change of a commit. Within one {@link FpIndex#update} call, the last change for an id wins,
 * and metadata entries apply in order.
 */
public sealed interface Change permits Insert, Delete, SetMetadata {}
