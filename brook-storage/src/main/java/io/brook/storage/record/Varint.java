package io.brook.storage.record;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;

/** Zig-zag varint / varlong codec used inside Kafka v2 records (same encoding as protobuf sint32/sint64). */
public final class Varint {
    private Varint() {
    }

    public static int readVarint(ByteBuffer buf) {
        int value = 0;
        int shift = 0;
        int b;
        while (((b = buf.get()) & 0x80) != 0) {
            value |= (b & 0x7f) << shift;
            shift += 7;
            if (shift > 28) {
                throw new IllegalArgumentException("varint too long");
            }
        }
        value |= b << shift;
        return (value >>> 1) ^ -(value & 1);
    }

    public static long readVarlong(ByteBuffer buf) {
        long value = 0L;
        int shift = 0;
        long b;
        while (((b = buf.get()) & 0x80) != 0) {
            value |= (b & 0x7f) << shift;
            shift += 7;
            if (shift > 63) {
                throw new IllegalArgumentException("varlong too long");
            }
        }
        value |= b << shift;
        return (value >>> 1) ^ -(value & 1);
    }

    public static void writeVarint(int v, ByteArrayOutputStream out) {
        int value = (v << 1) ^ (v >> 31);
        while ((value & 0xffffff80) != 0) {
            out.write((value & 0x7f) | 0x80);
            value >>>= 7;
        }
        out.write(value);
    }

    public static void writeVarlong(long v, ByteArrayOutputStream out) {
        long value = (v << 1) ^ (v >> 63);
        while ((value & 0xffffffffffffff80L) != 0L) {
            out.write(((int) value & 0x7f) | 0x80);
            value >>>= 7;
        }
        out.write((int) value);
    }
}
