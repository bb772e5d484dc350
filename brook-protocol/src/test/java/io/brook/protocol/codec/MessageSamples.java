package io.brook.protocol.codec;

import java.lang.reflect.Method;
import java.lang.reflect.ParameterizedType;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.protocol.ApiMessage;
import org.apache.kafka.common.protocol.ByteBufferAccessor;
import org.apache.kafka.common.protocol.ObjectSerializationCache;
import org.apache.kafka.common.protocol.types.BoundField;
import org.apache.kafka.common.protocol.types.Field;
import org.apache.kafka.common.protocol.types.Schema;
import org.apache.kafka.common.protocol.types.TaggedFields;
import org.apache.kafka.common.protocol.types.Type;
import org.apache.kafka.common.record.internal.BaseRecords;
import org.apache.kafka.common.record.internal.MemoryRecords;

/**
 * Sample messages for tests: every field that a version of a message has (tagged fields too, and
 * those of nested structures, two elements to each array) set to a non-default value, found from
 * the message's own schemas.
 */
final class MessageSamples {

    private int next;

    private MessageSamples() {
    }

    /** A {@code type} message whose every field of {@code version} has a value, distinct from the others. */
    static <T extends ApiMessage> T full(Class<T> type, short version) {
        T message = newInstance(type);
        new MessageSamples().fill(message, schemas(type)[version]);
        return message;
    }

    static <T extends ApiMessage> T empty(Class<T> type) {
        return newInstance(type);
    }

    /** The message as written at {@code version}. */
    static ByteBuffer write(ApiMessage message, short version) {
        ObjectSerializationCache cache = new ObjectSerializationCache();
        ByteBuffer buffer = ByteBuffer.allocate(message.size(cache, version));
        message.write(new ByteBufferAccessor(buffer), cache, version);
        return buffer.flip();
    }

    private static Schema[] schemas(Class<?> type) {
        try {
            return (Schema[]) type.getField("SCHEMAS").get(null);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(type + " has no SCHEMAS", e);
        }
    }

    private static <T> T newInstance(Class<T> type) {
        try {
            return type.getConstructor().newInstance();
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(e);
        }
    }

    private void fill(Object message, Schema schema) {
        for (BoundField bound : schema.fields()) {
            if (bound.def.type instanceof TaggedFields tagged) {
                tagged.fields().values().forEach(field -> set(message, field));
            } else {
                set(message, bound.def);
            }
        }
    }

    private void set(Object message, Field field) {
        String name = camelCase(field.name);
        try {
            Method getter = message.getClass().getMethod(name);
            Method setter = null;
            for (Method m : message.getClass().getMethods()) {
                if (m.getName().equals("set" + Character.toUpperCase(name.charAt(0)) + name.substring(1))
                        && m.getParameterCount() == 1) {
                    setter = m;
                }
            }
            if (setter == null) {
                throw new IllegalStateException("no setter for " + name + " in " + message.getClass());
            }
            setter.invoke(message, value(getter.getGenericReturnType(), setter.getParameterTypes()[0], field.type));
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(message.getClass() + "." + name, e);
        }
    }

    private Object value(java.lang.reflect.Type generic, Class<?> raw, Type type) throws ReflectiveOperationException {
        if (type.isArray()) {
            Type elementType = type.arrayElementType().orElseThrow();
            Class<?> elementClass;
            Collection<Object> values;
            if (List.class.isAssignableFrom(raw)) {
                elementClass = rawClass(((ParameterizedType) generic).getActualTypeArguments()[0]);
                values = new ArrayList<>();
            } else {
                elementClass = rawClass(((ParameterizedType) raw.getGenericSuperclass()).getActualTypeArguments()[0]);
                @SuppressWarnings("unchecked")
                Collection<Object> collection = (Collection<Object>) newInstance(raw);
                values = collection;
            }
            for (int i = 0; i < 2; i++) {
                values.add(element(elementClass, elementType));
            }
            return values;
        }
        return element(raw, type);
    }

    private Object element(Class<?> raw, Type type) throws ReflectiveOperationException {
        if (type instanceof Schema schema) {
            Object struct = newInstance(raw);
            fill(struct, schema);
            return struct;
        }
        int n = ++next;
        if (raw == short.class || raw == Short.class) {
            return (short) n;
        } else if (raw == int.class || raw == Integer.class) {
            return n;
        } else if (raw == long.class || raw == Long.class) {
            return (long) n;
        } else if (raw == byte.class || raw == Byte.class) {
            return (byte) n;
        } else if (raw == double.class || raw == Double.class) {
            return n + 0.5;
        } else if (raw == boolean.class) {
            return n % 2 == 0;
        } else if (raw == String.class) {
            return "s" + n;
        } else if (raw == Uuid.class) {
            return new Uuid(n, n);
        } else if (raw == byte[].class) {
            return new byte[] {(byte) n, 2, 3};
        } else if (raw == ByteBuffer.class) {
            return ByteBuffer.wrap(new byte[] {(byte) n, 2, 3});
        } else if (raw == BaseRecords.class) {
            return MemoryRecords.EMPTY;
        }
        throw new IllegalStateException("no sample value for " + raw);
    }

    private static Class<?> rawClass(java.lang.reflect.Type type) {
        return type instanceof ParameterizedType p ? (Class<?>) p.getRawType() : (Class<?>) type;
    }

    private static String camelCase(String snake) {
        StringBuilder out = new StringBuilder();
        boolean upper = false;
        for (char c : snake.toCharArray()) {
            if (c == '_') {
                upper = true;
            } else {
                out.append(upper ? Character.toUpperCase(c) : c);
                upper = false;
            }
        }
        return out.toString();
    }
}
