package io.muster.kernel.rpc;

import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.type.TypeFactory;
import io.muster.spi.api.ApiException;
import io.muster.spi.api.CatalogApi;
import io.muster.spi.api.ConfigEntryApi;
import io.muster.spi.api.Consistency;
import io.muster.spi.api.CoordinateApi;
import io.muster.spi.api.HealthApi;
import io.muster.spi.api.KvApi;
import io.muster.spi.api.OperatorApi;
import io.muster.spi.api.PreparedQueryApi;
import io.muster.spi.api.QueryOptions;
import io.muster.spi.api.SessionApi;
import io.muster.spi.api.SnapshotApi;
import io.muster.spi.api.StatusApi;
import io.muster.spi.api.TxnApi;
import io.muster.spi.api.TxnOp;
import io.muster.spi.api.WriteOptions;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;

/**
 * Encodes calls on the endpoint interfaces that hold replicated data, so a client agent can hand them to a server
 * and a follower to the leader. A request is the method's key ({@code group.method}, the transport's endpoint name)
 * plus its arguments, each encoded with the parameter's declared generic type; the reply is the answer encoded with
 * the CompletionStage's type argument, or a failure as {kind, message} that the caller re-throws as the same
 * {@link ApiException}, so a forwarded call answers with the status and text a local one would.
 */
public final class EndpointCodec {
    /** The forwarded groups and their key prefixes; AgentApi and EventApi are per agent and never forwarded. */
    public static final Map<Class<?>, String> GROUPS = groups();
    /** OperatorApi's gossip keyring calls act on this agent's gossip pools: they stay local. */
    static final Set<String> LOCAL_OPERATOR_METHODS = Set.of("keyringList", "keyringInstall", "keyringUse",
            "keyringRemove");
    private static final Set<String> KV_READ_VERBS = Set.of("get", "get-tree", "check-index", "check-session",
            "check-not-exists");

    private final ObjectMapper mapper = RpcCbor.newMapper();
    private final Map<String, EndpointMethod> byKey = new HashMap<>();
    private final Map<Method, EndpointMethod> byMethod = new HashMap<>();

    /**
     * One forwarded method with its decoded types; {@code queryOptionsIndex} is where its QueryOptions are (-1: none),
     * {@code write} whether it takes WriteOptions (transactions decide per call, see {@link #isWrite}).
     */
    public record EndpointMethod(String key, Class<?> api, Method method, List<JavaType> parameters, JavaType answer,
                                 int queryOptionsIndex, boolean write) {
    }

    /** A decoded request: the method, its arguments, and whether a server already forwarded it once. */
    public record Call(EndpointMethod method, List<Object> args, boolean forwarded) {
        public Call {
            args = Collections.unmodifiableList(new ArrayList<>(args));
        }
    }

    record WireRequest(boolean forwarded, List<byte[]> args) {
    }

    record WireReply(byte[] value, String errorKind, String errorMessage) {
    }

    public EndpointCodec() {
        TypeFactory types = mapper.getTypeFactory();
        for (Map.Entry<Class<?>, String> group : GROUPS.entrySet()) {
            Class<?> api = group.getKey();
            List<Method> methods = Arrays.stream(api.getMethods())
                    .filter(m -> !Modifier.isStatic(m.getModifiers()) && m.getDeclaringClass() == api)
                    .filter(m -> api != OperatorApi.class || !LOCAL_OPERATOR_METHODS.contains(m.getName()))
                    .toList();
            Map<String, Long> names = new HashMap<>();
            methods.forEach(m -> names.merge(m.getName(), 1L, Long::sum));
            for (Method m : methods) {
                // Overloads get the parameter count in their key; same-arity overloads are refused here, at start.
                String key = group.getValue() + "." + m.getName()
                        + (names.get(m.getName()) > 1 ? "/" + m.getParameterCount() : "");
                if (byKey.containsKey(key)) {
                    throw new IllegalStateException("cannot forward " + api.getSimpleName() + "." + m.getName()
                            + ": overloads with the same number of parameters need distinct names");
                }
                Type returned = m.getGenericReturnType();
                if (!(returned instanceof ParameterizedType p) || p.getRawType() != CompletionStage.class) {
                    throw new IllegalStateException("cannot forward " + api.getSimpleName() + "." + m.getName()
                            + ": endpoint methods must return CompletionStage<T>, not " + returned.getTypeName());
                }
                List<JavaType> parameters = Arrays.stream(m.getGenericParameterTypes()).map(types::constructType).toList();
                Class<?>[] raw = m.getParameterTypes();
                int queryIndex = -1;
                boolean write = false;
                for (int i = 0; i < raw.length; i++) {
                    if (raw[i] == QueryOptions.class) {
                        queryIndex = i;
                    } else if (raw[i] == WriteOptions.class) {
                        write = true;
                    }
                }
                EndpointMethod em = new EndpointMethod(key, api, m, parameters,
                        types.constructType(p.getActualTypeArguments()[0]), queryIndex, write);
                byKey.put(key, em);
                byMethod.put(m, em);
            }
        }
    }

    private static Map<Class<?>, String> groups() {
        Map<Class<?>, String> g = new LinkedHashMap<>();
        g.put(KvApi.class, "kv");
        g.put(CatalogApi.class, "catalog");
        g.put(HealthApi.class, "health");
        g.put(SessionApi.class, "session");
        g.put(TxnApi.class, "txn");
        g.put(StatusApi.class, "status");
        g.put(CoordinateApi.class, "coordinate");
        g.put(PreparedQueryApi.class, "query");
        g.put(SnapshotApi.class, "snapshot");
        g.put(ConfigEntryApi.class, "config");
        g.put(OperatorApi.class, "operator");
        return Collections.unmodifiableMap(g);
    }

    /** The forwarded method behind {@code method}, empty for methods that stay local (keyring, Object's). */
    public Optional<EndpointMethod> method(Method method) {
        return Optional.ofNullable(byMethod.get(method));
    }

    /** Every forwarded method, for tests and diagnostics. */
    public List<EndpointMethod> methods() {
        return List.copyOf(byKey.values());
    }

    /**
     * True when the call may change state: methods taking WriteOptions, and transactions holding any operation
     * other than a read. A write is never retried once sent; a read is idempotent.
     */
    public static boolean isWrite(EndpointMethod method, List<Object> args) {
        if (method.api() == TxnApi.class && !args.isEmpty() && args.get(0) instanceof List<?> ops) {
            for (Object op : ops) {
                String verb = op instanceof TxnOp t && t.verb() != null ? t.verb().toLowerCase(Locale.ROOT) : "";
                boolean read = op instanceof TxnOp.Kv ? KV_READ_VERBS.contains(verb) : "get".equals(verb);
                if (!read) {
                    return true;
                }
            }
            return false;
        }
        return method.write();
    }

    /** The read's consistency, or empty for calls without QueryOptions (writes, and reads any server answers). */
    public static Optional<Consistency> consistency(EndpointMethod method, List<Object> args) {
        if (method.queryOptionsIndex() < 0) {
            return Optional.empty();
        }
        Object options = args.get(method.queryOptionsIndex());
        return Optional.of(options instanceof QueryOptions q ? q.consistency() : Consistency.DEFAULT);
    }

    /** The read's options, if the method takes QueryOptions. */
    public static Optional<QueryOptions> queryOptions(EndpointMethod method, List<Object> args) {
        return method.queryOptionsIndex() < 0 ? Optional.empty()
                : Optional.ofNullable((QueryOptions) args.get(method.queryOptionsIndex()));
    }

    public byte[] encodeRequest(EndpointMethod method, List<Object> args, boolean forwarded) {
        if (args.size() != method.parameters().size()) {
            throw new IllegalArgumentException(method.key() + " takes " + method.parameters().size() + " arguments, got "
                    + args.size());
        }
        try {
            List<byte[]> encoded = new ArrayList<>(args.size());
            for (int i = 0; i < args.size(); i++) {
                encoded.add(mapper.writerFor(method.parameters().get(i)).writeValueAsBytes(args.get(i)));
            }
            return mapper.writeValueAsBytes(new WireRequest(forwarded, encoded));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot encode the arguments of " + method.key() + ": " + e.getMessage(), e);
        }
    }

    /** Fails with BAD_REQUEST when the endpoint is unknown to this release or the bytes do not decode. */
    public Call decodeRequest(String endpoint, byte[] request) {
        EndpointMethod method = byKey.get(endpoint);
        if (method == null) {
            throw ApiException.badRequest("unknown forwarded endpoint " + endpoint
                    + ": the caller runs a release with endpoints this server does not have; upgrade the servers first");
        }
        try {
            WireRequest wire = mapper.readValue(request, WireRequest.class);
            List<byte[]> encoded = wire.args() == null ? List.of() : wire.args();
            if (encoded.size() != method.parameters().size()) {
                throw ApiException.badRequest("forwarded call " + endpoint + " has " + encoded.size()
                        + " arguments, this server expects " + method.parameters().size());
            }
            List<Object> args = new ArrayList<>(encoded.size());
            for (int i = 0; i < encoded.size(); i++) {
                args.add(mapper.readerFor(method.parameters().get(i)).readValue(encoded.get(i)));
            }
            return new Call(method, args, wire.forwarded());
        } catch (IOException e) {
            throw ApiException.badRequest("cannot decode forwarded call " + endpoint + ": " + e.getMessage());
        }
    }

    public byte[] encodeAnswer(EndpointMethod method, Object value) {
        try {
            return mapper.writeValueAsBytes(new WireReply(mapper.writerFor(method.answer()).writeValueAsBytes(value),
                    null, null));
        } catch (IOException e) {
            return encodeFailure(new ApiException(ApiException.Kind.INTERNAL, "cannot encode the answer of "
                    + method.key() + ": " + e.getMessage(), e));
        }
    }

    /**
     * A failure as {kind, message}: an ApiException keeps both; anything else becomes INTERNAL (HTTP 500) with its
     * message, as the endpoint's own failure would show through a local frontend.
     */
    public byte[] encodeFailure(Throwable failure) {
        Throwable cause = unwrap(failure);
        ApiException.Kind kind = cause instanceof ApiException api ? api.kind() : ApiException.Kind.INTERNAL;
        String message = cause.getMessage() != null ? cause.getMessage() : cause.getClass().getSimpleName();
        try {
            return mapper.writeValueAsBytes(new WireReply(null, kind.name(), message));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot encode a failure: " + e.getMessage(), e);
        }
    }

    /** The answer of {@code method}, or throws the ApiException the server answered with. */
    public Object decodeReply(EndpointMethod method, byte[] reply) {
        WireReply wire;
        try {
            wire = mapper.readValue(reply, WireReply.class);
        } catch (IOException e) {
            throw new ApiException(ApiException.Kind.INTERNAL, "cannot decode the server's answer to " + method.key()
                    + ": " + e.getMessage(), e);
        }
        if (wire.errorKind() != null) {
            throw new ApiException(kindOf(wire.errorKind()), wire.errorMessage());
        }
        try {
            return mapper.readerFor(method.answer()).readValue(wire.value());
        } catch (IOException e) {
            throw new ApiException(ApiException.Kind.INTERNAL, "cannot decode the server's answer to " + method.key()
                    + ": " + e.getMessage(), e);
        }
    }

    private static ApiException.Kind kindOf(String name) {
        try {
            return ApiException.Kind.valueOf(name);
        } catch (IllegalArgumentException e) {
            // A newer server's kind this release does not know: a 500 still carries its text.
            return ApiException.Kind.INTERNAL;
        }
    }

    static Throwable unwrap(Throwable t) {
        Throwable cause = t;
        while ((cause instanceof CompletionException || cause instanceof ExecutionException
                || cause instanceof java.lang.reflect.InvocationTargetException) && cause.getCause() != null) {
            cause = cause.getCause();
        }
        return cause;
    }
}
