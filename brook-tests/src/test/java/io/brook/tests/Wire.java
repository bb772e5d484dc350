package io.brook.tests;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A raw TCP connection speaking just enough of the Kafka protocol, by hand, to send malformed or
 * unusual requests. Deliberately independent of kafka-clients' codec.
 */
final class Wire implements AutoCloseable {
    static final short API_VERSIONS = 18;
    static final short PRODUCE = 0;
    static final short UNSUPPORTED_VERSION = 35;

    private final Socket socket;
    private final DataInputStream in;
    private final DataOutputStream out;

    private Wire(Socket socket) throws IOException {
        this.socket = socket;
        this.in = new DataInputStream(socket.getInputStream());
        this.out = new DataOutputStream(socket.getOutputStream());
    }

    static Wire connect(String bootstrap) {
        return connect(Net.parse(bootstrap), 15_000);
    }

    static Wire connect(InetSocketAddress address, int readTimeoutMs) {
        try {
            Socket s = new Socket();
            s.connect(address, 10_000);
            s.setSoTimeout(readTimeoutMs);
            s.setTcpNoDelay(true);
            return new Wire(s);
        } catch (IOException e) {
            throw new UncheckedIOException("connect " + address, e);
        }
    }

    void write(byte[] bytes) throws IOException {
        out.write(bytes);
        out.flush();
    }

    void shutdownOutput() throws IOException {
        socket.shutdownOutput();
    }

    /** The next response frame without its size prefix. */
    ByteBuffer readFrame() throws IOException {
        int size = in.readInt();
        if (size < 0 || size > 64 << 20) {
            throw new IOException("implausible response size " + size);
        }
        byte[] body = new byte[size];
        in.readFully(body);
        return ByteBuffer.wrap(body);
    }

    /** What the broker did with a request. */
    sealed interface Outcome permits Closed, Answered, Silent {
    }

    record Closed(String how) implements Outcome {
    }

    record Answered(ByteBuffer frame) implements Outcome {
        int correlationId() {
            return frame.getInt(0);
        }
    }

    record Silent() implements Outcome {
    }

    /** Waits (up to the read timeout) for a response frame or for the broker to close. */
    Outcome await() {
        try {
            return new Answered(readFrame());
        } catch (EOFException e) {
            return new Closed("EOF");
        } catch (SocketTimeoutException e) {
            return new Silent();
        } catch (SocketException e) {
            return new Closed(e.getMessage());
        } catch (IOException e) {
            return new Closed(e.toString());
        }
    }

    /** After an answer: waits for the connection to end (EOF / reset). */
    boolean closedByPeer() {
        try {
            while (in.read() >= 0) {
                // drain anything still in flight
            }
            return true;
        } catch (SocketTimeoutException e) {
            return false;
        } catch (IOException e) {
            return true;
        }
    }

    @Override
    public void close() {
        try {
            socket.close();
        } catch (IOException ignored) {
            // closing
        }
    }

    // ------------------------------------------------------------------ encoding

    /** Request header v1 (non-flexible): api_key, api_version, correlation_id, client_id. */
    static byte[] frameV1(short apiKey, short version, int correlationId, String clientId, byte[] body) {
        Buf b = new Buf();
        b.i16(apiKey).i16(version).i32(correlationId).str(clientId).raw(body);
        return b.framed();
    }

    /** Request header v2 (flexible): header v1 plus an empty tagged-field section. */
    static byte[] frameV2(short apiKey, short version, int correlationId, String clientId, byte[] body) {
        Buf b = new Buf();
        b.i16(apiKey).i16(version).i32(correlationId).str(clientId).uvarint(0).raw(body);
        return b.framed();
    }

    /** ApiVersions v3+ request body: client_software_name, client_software_version, no tags. */
    static byte[] apiVersionsV3Body(String softwareName, String softwareVersion) {
        return new Buf().compactStr(softwareName).compactStr(softwareVersion).uvarint(0).bytes();
    }

    /** ApiVersions request: v0-v2 have header v1 and an empty body; v3+ are flexible. */
    static byte[] apiVersionsRequest(short version, int correlationId) {
        if (version < 3) {
            return frameV1(API_VERSIONS, version, correlationId, "brook-tests", new byte[0]);
        }
        return frameV2(API_VERSIONS, version, correlationId, "brook-tests",
                apiVersionsV3Body("brook-tests", "1.0"));
    }

    /** Parsed ApiVersions response. */
    record ApiVersionsResponse(int correlationId, short errorCode, Map<Short, short[]> ranges) {
        short[] range(short apiKey) {
            return ranges.get(apiKey);
        }
    }

    /** ApiVersions response in the v0 layout (response header v0; int32 array length). */
    static ApiVersionsResponse parseApiVersionsV0(ByteBuffer f) {
        int corr = f.getInt();
        short error = f.getShort();
        int n = f.getInt();
        Map<Short, short[]> ranges = new LinkedHashMap<>();
        for (int i = 0; i < n; i++) {
            ranges.put(f.getShort(), new short[]{f.getShort(), f.getShort()});
        }
        return new ApiVersionsResponse(corr, error, ranges);
    }

    /** ApiVersions response v3+ (response header is v0 even though the body is flexible). */
    static ApiVersionsResponse parseApiVersionsV3(ByteBuffer f) {
        int corr = f.getInt();
        short error = f.getShort();
        int n = readUvarint(f) - 1;
        Map<Short, short[]> ranges = new LinkedHashMap<>();
        for (int i = 0; i < n; i++) {
            short key = f.getShort();
            ranges.put(key, new short[]{f.getShort(), f.getShort()});
            skipTags(f);
        }
        f.getInt(); // throttle_time_ms
        skipTags(f);
        if (f.hasRemaining()) {
            throw new IllegalStateException(f.remaining() + " trailing bytes in ApiVersions v3 response");
        }
        return new ApiVersionsResponse(corr, error, ranges);
    }

    static int readUvarint(ByteBuffer b) {
        int value = 0;
        for (int shift = 0; shift < 35; shift += 7) {
            int x = b.get() & 0xFF;
            value |= (x & 0x7F) << shift;
            if ((x & 0x80) == 0) {
                return value;
            }
        }
        throw new IllegalStateException("varint too long");
    }

    private static void skipTags(ByteBuffer b) {
        int tags = readUvarint(b);
        for (int i = 0; i < tags; i++) {
            readUvarint(b); // tag
            int size = readUvarint(b);
            b.position(b.position() + size);
        }
    }

    /** A tiny big-endian writer. */
    static final class Buf {
        private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();

        Buf i16(int v) {
            bytes.write(v >>> 8);
            bytes.write(v);
            return this;
        }

        Buf i32(int v) {
            return i16(v >>> 16).i16(v);
        }

        Buf str(String s) {
            if (s == null) {
                return i16(-1);
            }
            byte[] b = s.getBytes(StandardCharsets.UTF_8);
            i16(b.length);
            bytes.writeBytes(b);
            return this;
        }

        Buf compactStr(String s) {
            byte[] b = s.getBytes(StandardCharsets.UTF_8);
            uvarint(b.length + 1);
            bytes.writeBytes(b);
            return this;
        }

        Buf uvarint(int v) {
            while ((v & ~0x7F) != 0) {
                bytes.write((v & 0x7F) | 0x80);
                v >>>= 7;
            }
            bytes.write(v);
            return this;
        }

        Buf raw(byte[] b) {
            bytes.writeBytes(b);
            return this;
        }

        byte[] bytes() {
            return bytes.toByteArray();
        }

        /** The content prefixed by its int32 size. */
        byte[] framed() {
            byte[] body = bytes();
            return new Buf().i32(body.length).raw(body).bytes();
        }
    }
}
