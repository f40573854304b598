package org.acoustid.fpindex;

/**
 * Deletes document {@code id} (allowed for ids that do not exist). {@link FpIndex#update} rejects
 * id 0.
 */
public record Delete(int id) implements Change {}
