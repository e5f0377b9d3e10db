package io.muster.kernel.store;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.JsonSerializer;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.dataformat.cbor.databind.CBORMapper;

import io.muster.spi.api.TxnOp;

import java.io.IOException;
import java.time.Duration;

/**
 * The CBOR mapper for the kernel's replicated data (snapshots, commands). Durations travel as nanoseconds, so no
 * extra Jackson module is needed. Never Java serialisation.
 */
public final class StoreCbor {
    private StoreCbor() {
    }

    /** The SPI's TxnOp carries no Jackson annotations (commands and forwarded calls both carry it): named here. */
    @JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "@op")
    @JsonSubTypes({
            @JsonSubTypes.Type(value = TxnOp.Kv.class, name = "kv"),
            @JsonSubTypes.Type(value = TxnOp.NodeOp.class, name = "node"),
            @JsonSubTypes.Type(value = TxnOp.ServiceOp.class, name = "service"),
            @JsonSubTypes.Type(value = TxnOp.CheckOp.class, name = "check"),
    })
    private interface TxnOpMixin {
    }

    /** A new mapper configured the one way replicated data is encoded; callers may add mix-ins before use. */
    public static ObjectMapper newMapper() {
        SimpleModule durations = new SimpleModule("muster-durations");
        durations.addSerializer(Duration.class, new JsonSerializer<>() {
            @Override
            public void serialize(Duration value, JsonGenerator gen, SerializerProvider serializers) throws IOException {
                gen.writeNumber(value.toNanos());
            }
        });
        durations.addDeserializer(Duration.class, new JsonDeserializer<>() {
            @Override
            public Duration deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
                return Duration.ofNanos(p.getLongValue());
            }
        });
        return CBORMapper.builder()
                .addModule(durations)
                .addMixIn(TxnOp.class, TxnOpMixin.class)
                .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .build();
    }
}
