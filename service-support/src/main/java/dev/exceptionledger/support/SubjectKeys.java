package dev.exceptionledger.support;

import javax.crypto.SecretKey;
import java.util.Collection;
import java.util.Map;

/**
 * The subjects' keys, from the one store that holds them (the ledger's {@code subject_key}, through
 * {@code POST /ledger/subject-keys}). A service seals the personal values it writes and opens those it reads with
 * them; destroying a key (an erasure) makes every sealed copy unreadable at once.
 */
public interface SubjectKeys {

    /**
     * Each subject's key, created in the store when it has none yet; a subject that was erased maps to null.
     *
     * @throws SubjectKeysUnavailableException when the store cannot be reached (the caller retries or answers 503)
     */
    Map<String, SecretKey> keysFor(Collection<String> subjects);

    /** Drops what this process remembers of these subjects' keys (they were just erased). */
    void forget(Collection<String> subjects);
}
