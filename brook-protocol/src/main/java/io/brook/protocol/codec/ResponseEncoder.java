package io.brook.protocol.codec;

import io.brook.protocol.handler.RequestHeader;
import io.netty.buffer.ByteBufAllocator;
import java.util.List;
import org.apache.kafka.common.message.ResponseHeaderData;
import org.apache.kafka.common.protocol.ApiMessage;
import org.apache.kafka.common.protocol.ObjectSerializationCache;

/** Frames a response: size, response header (version chosen by the API), body. */
public final class ResponseEncoder {

    private ResponseEncoder() {
    }

    /** Returns the ByteBufs and file regions of the framed response, to be written in order. */
    public static List<Object> encode(ByteBufAllocator allocator, RequestHeader requestHeader, ApiMessage body,
                                      short bodyVersion) {
        short headerVersion = requestHeader.apiKey().responseHeaderVersion(bodyVersion);
        ResponseHeaderData header = new ResponseHeaderData().setCorrelationId(requestHeader.correlationId());
        ObjectSerializationCache cache = new ObjectSerializationCache();
        int size = header.size(cache, headerVersion) + body.size(cache, bodyVersion);
        ResponseWriter writer = new ResponseWriter(allocator, size + 4);
        try {
            writer.writeInt(size);
            header.write(writer, cache, headerVersion);
            body.write(writer, cache, bodyVersion);
            return writer.finish();
        } catch (RuntimeException e) {
            writer.release();
            throw e;
        }
    }
}
