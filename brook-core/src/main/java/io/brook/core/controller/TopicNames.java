package io.brook.core.controller;

import io.brook.core.error.BrookException;
import io.brook.core.error.ErrorCode;
import java.util.Set;

/** Kafka's rules for legal topic names. */
public final class TopicNames {

    public static final int MAX_LENGTH = 249;
    public static final Set<String> INTERNAL = Set.of("__consumer_offsets", "__transaction_state");

    private TopicNames() {
    }

    public static void validate(String name) {
        if (name == null || name.isEmpty()) {
            throw invalid("Topic name is illegal, it can't be empty");
        }
        if (name.equals(".") || name.equals("..")) {
            throw invalid("Topic name cannot be \".\" or \"..\"");
        }
        if (name.length() > MAX_LENGTH) {
            throw invalid("Topic name is illegal, it can't be longer than " + MAX_LENGTH + " characters, topic name: "
                    + name);
        }
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            boolean legal = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                    || c == '.' || c == '_' || c == '-';
            if (!legal) {
                throw invalid("Topic name \"" + name + "\" is illegal, it contains a character other than "
                        + "ASCII alphanumerics, '.', '_' and '-'");
            }
        }
    }

    public static boolean isValid(String name) {
        try {
            validate(name);
            return true;
        } catch (BrookException e) {
            return false;
        }
    }

    /** Kafka treats '.' and '_' as the same in metric names, so such names may not coexist. */
    public static String unifyCollisionChars(String name) {
        return name.replace('.', '_');
    }

    private static BrookException invalid(String message) {
        return new BrookException(ErrorCode.INVALID_TOPIC_EXCEPTION, message);
    }
}
