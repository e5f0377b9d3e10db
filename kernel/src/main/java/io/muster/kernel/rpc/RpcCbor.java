package io.muster.kernel.rpc;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.BeanProperty;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonSerializer;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.deser.ContextualDeserializer;
import com.fasterxml.jackson.databind.module.SimpleModule;
import io.muster.kernel.store.StoreCbor;
import io.muster.spi.api.TxnResponse;
import io.muster.spi.model.HealthCheck;
import io.muster.spi.model.KvEntry;
import io.muster.spi.model.Node;
import io.muster.spi.model.Service;

import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The CBOR mapper for forwarded endpoint calls: the replicated-data mapper ({@link StoreCbor}: records, durations
 * as nanoseconds) plus what answers carry and commands do not: {@link Optional} (null when empty), {@link Instant}
 * (ISO text) and {@link TxnResponse}, whose results are typed only as Object in the SPI.
 */
final class RpcCbor {
    private RpcCbor() {
    }

    static ObjectMapper newMapper() {
        ObjectMapper mapper = StoreCbor.newMapper();
        SimpleModule module = new SimpleModule("muster-rpc");
        module.addSerializer(Instant.class, new JsonSerializer<>() {
            @Override
            public void serialize(Instant value, JsonGenerator gen, SerializerProvider serializers) throws IOException {
                gen.writeString(value.toString());
            }
        });
        module.addDeserializer(Instant.class, new JsonDeserializer<>() {
            @Override
            public Instant deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
                return Instant.parse(p.getValueAsString());
            }
        });
        @SuppressWarnings({"unchecked", "rawtypes"})
        Class<Optional<?>> optional = (Class) Optional.class;
        module.addSerializer(optional, new OptionalSerializer());
        module.addDeserializer(optional, new OptionalDeserializer(null));
        module.addSerializer(TxnResponse.class, new JsonSerializer<>() {
            @Override
            public void serialize(TxnResponse value, JsonGenerator gen, SerializerProvider serializers) throws IOException {
                serializers.defaultSerializeValue(WireTxnResponse.of(value), gen);
            }
        });
        module.addDeserializer(TxnResponse.class, new JsonDeserializer<>() {
            @Override
            public TxnResponse deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
                return ctxt.readValue(p, WireTxnResponse.class).toResponse();
            }
        });
        mapper.registerModule(module);
        return mapper;
    }

    /** An empty Optional travels as null; a present one as its value. */
    private static final class OptionalSerializer extends JsonSerializer<Optional<?>> {
        @Override
        public void serialize(Optional<?> value, JsonGenerator gen, SerializerProvider serializers) throws IOException {
            if (value.isPresent()) {
                serializers.defaultSerializeValue(value.get(), gen);
            } else {
                gen.writeNull();
            }
        }
    }

    /** Reads the Optional's content with its declared type (known only once the property is, hence contextual). */
    private static final class OptionalDeserializer extends JsonDeserializer<Optional<?>> implements ContextualDeserializer {
        private final JavaType contentType;

        OptionalDeserializer(JavaType contentType) {
            this.contentType = contentType;
        }

        @Override
        public JsonDeserializer<?> createContextual(DeserializationContext ctxt, BeanProperty property)
                throws JsonMappingException {
            JavaType type = property != null ? property.getType() : ctxt.getContextualType();
            JavaType content = type == null || type.containedTypeCount() == 0
                    ? ctxt.constructType(Object.class) : type.containedType(0);
            return new OptionalDeserializer(content);
        }

        @Override
        public Optional<?> deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
            JavaType content = contentType != null ? contentType : ctxt.constructType(Object.class);
            return Optional.ofNullable(ctxt.readValue(p, content));
        }

        @Override
        public Optional<?> getNullValue(DeserializationContext ctxt) {
            return Optional.empty();
        }
    }

    /** One transaction result, exactly one field set (the SPI types results as Object). */
    record WireTxnResult(KvEntry kv, Node node, Service service, HealthCheck check) {
        static WireTxnResult of(Object result) {
            if (result instanceof KvEntry e) {
                return new WireTxnResult(e, null, null, null);
            } else if (result instanceof Node n) {
                return new WireTxnResult(null, n, null, null);
            } else if (result instanceof Service s) {
                return new WireTxnResult(null, null, s, null);
            } else if (result instanceof HealthCheck c) {
                return new WireTxnResult(null, null, null, c);
            }
            throw new IllegalArgumentException("cannot forward a transaction result of type "
                    + (result == null ? "null" : result.getClass().getName())
                    + ": only KvEntry, Node, Service and HealthCheck are transaction results");
        }

        Object value() {
            return kv != null ? kv : node != null ? node : service != null ? service : check;
        }
    }

    record WireTxnResponse(List<WireTxnResult> results, List<TxnResponse.TxnError> errors, long index) {
        static WireTxnResponse of(TxnResponse response) {
            return new WireTxnResponse(response.results().stream().map(WireTxnResult::of).toList(), response.errors(),
                    response.index());
        }

        TxnResponse toResponse() {
            List<Object> values = new ArrayList<>();
            for (WireTxnResult r : results == null ? List.<WireTxnResult>of() : results) {
                values.add(r.value());
            }
            return new TxnResponse(values, errors == null ? List.of() : errors, index);
        }
    }
}
