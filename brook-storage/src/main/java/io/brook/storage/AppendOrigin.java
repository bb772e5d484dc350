package io.brook.storage;

/** Who is appending: decides which checks apply. */
public enum AppendOrigin {
    /** A producer: duplicates are detected, control batches are refused. */
    CLIENT,
    /** The broker itself (coordinator records, transaction markers): control batches allowed, no dedupe. */
    COORDINATOR
}
