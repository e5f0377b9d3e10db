package io.muster.kernel.rpc;

import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.type.TypeFactory;
import io.muster.spi.api.TxnOp;
import io.muster.spi.api.TxnResponse;
import io.muster.spi.model.HealthCheck;
import io.muster.spi.model.KvEntry;
import io.muster.spi.model.Node;
import io.muster.spi.model.Service;

import java.lang.reflect.Constructor;
import java.lang.reflect.RecordComponent;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Non-default sample values for any type the endpoint interfaces use, built from the declared generic type: records
 * through their canonical constructor, collections with one element, every TxnOp and transaction result variant.
 * A type it cannot build fails the test that asked for it, so a new SPI type needs a thought about its encoding.
 */
final class Samples {
    private static final TypeFactory TYPES = TypeFactory.defaultInstance();

    private Samples() {
    }

    static Object of(JavaType type) {
        Class<?> raw = type.getRawClass();
        if (raw == String.class) {
            return "sample-é";
        } else if (raw == boolean.class || raw == Boolean.class) {
            return true;
        } else if (raw == int.class || raw == Integer.class) {
            return 7;
        } else if (raw == long.class || raw == Long.class) {
            return 42L;
        } else if (raw == double.class || raw == Double.class) {
            return 1.5;
        } else if (raw == byte[].class) {
            return new byte[]{0, 1, (byte) 0xff};
        } else if (raw == Duration.class) {
            return Duration.ofMillis(1500);
        } else if (raw == Instant.class) {
            return Instant.parse("2026-01-02T03:04:05.123456789Z");
        } else if (raw == Void.class) {
            return null;
        } else if (raw == Object.class) {
            // Values of JSON-like maps (config entries, prepared queries, check definitions).
            Map<String, Object> json = new LinkedHashMap<>();
            json.put("Text", "x");
            json.put("Number", 3);
            json.put("Flag", false);
            json.put("List", List.of("a", "b"));
            json.put("Nested", Map.of("Inner", 1));
            return json;
        } else if (raw.isEnum()) {
            Object[] constants = raw.getEnumConstants();
            return constants[constants.length - 1];
        } else if (raw == Optional.class) {
            return Optional.of(of(type.containedType(0)));
        } else if (raw == TxnResponse.class) {
            return new TxnResponse(txnResults(), List.of(new TxnResponse.TxnError(1, "failed")), 9);
        } else if (List.class.isAssignableFrom(raw) || Collection.class.isAssignableFrom(raw)) {
            JavaType element = type.getContentType();
            if (element.getRawClass() == TxnOp.class) {
                return txnOps();
            }
            return List.of(of(element));
        } else if (Map.class.isAssignableFrom(raw)) {
            Map<Object, Object> map = new LinkedHashMap<>();
            map.put(of(type.getKeyType()), of(type.getContentType()));
            return map;
        } else if (raw.isRecord()) {
            return record(type);
        }
        throw new AssertionError("no sample for " + type + ": teach Samples (and check that the RPC codec can encode it)");
    }

    private static Object record(JavaType type) {
        Class<?> raw = type.getRawClass();
        RecordComponent[] components = raw.getRecordComponents();
        Class<?>[] rawTypes = new Class<?>[components.length];
        Object[] values = new Object[components.length];
        for (int i = 0; i < components.length; i++) {
            rawTypes[i] = components[i].getType();
            JavaType componentType = TYPES.resolveMemberType(components[i].getGenericType(), type.getBindings());
            values[i] = of(componentType);
        }
        try {
            Constructor<?> constructor = raw.getDeclaredConstructor(rawTypes);
            constructor.setAccessible(true);
            return constructor.newInstance(values);
        } catch (ReflectiveOperationException e) {
            throw new AssertionError("cannot build a sample " + raw.getName() + ": " + e, e);
        }
    }

    static Object of(Class<?> type) {
        return of(TYPES.constructType(type));
    }

    static List<TxnOp> txnOps() {
        List<TxnOp> ops = new ArrayList<>();
        ops.add((TxnOp) of(TxnOp.Kv.class));
        ops.add((TxnOp) of(TxnOp.NodeOp.class));
        ops.add((TxnOp) of(TxnOp.ServiceOp.class));
        ops.add((TxnOp) of(TxnOp.CheckOp.class));
        return ops;
    }

    private static List<Object> txnResults() {
        return List.of(of(KvEntry.class), of(Node.class), of(Service.class), of(HealthCheck.class));
    }
}
