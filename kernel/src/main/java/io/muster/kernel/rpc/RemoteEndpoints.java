package io.muster.kernel.rpc;

import io.muster.kernel.rpc.EndpointCodec.EndpointMethod;
import io.muster.spi.api.ApiException;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * Endpoint interfaces whose forwarded methods go to a {@link CallTarget} (a client's {@link Forwarder}, or a
 * server's {@link ServerRouter}); methods that stay local (the gossip keyring) go to {@code local}.
 */
public final class RemoteEndpoints {
    private RemoteEndpoints() {
    }

    public static <T> T proxy(Class<T> api, EndpointCodec codec, CallTarget target, T local) {
        Object proxy = Proxy.newProxyInstance(api.getClassLoader(), new Class<?>[]{api}, (self, method, args) -> {
            if (method.getDeclaringClass() == Object.class) {
                return objectMethod(api, self, method, args);
            }
            List<Object> arguments = args == null ? List.of() : Arrays.asList(args);
            Optional<EndpointMethod> forwarded = codec.method(method);
            if (forwarded.isPresent()) {
                try {
                    return target.invoke(forwarded.get(), arguments);
                } catch (RuntimeException e) {
                    return CompletableFuture.failedFuture(e);
                }
            }
            if (local == null) {
                throw new ApiException(ApiException.Kind.INTERNAL, api.getSimpleName() + "." + method.getName()
                        + " is neither forwarded nor served by this agent");
            }
            try {
                return method.invoke(local, args);
            } catch (InvocationTargetException e) {
                throw e.getCause();
            }
        });
        return api.cast(proxy);
    }

    private static Object objectMethod(Class<?> api, Object self, Method method, Object[] args) {
        return switch (method.getName()) {
            case "equals" -> self == args[0];
            case "hashCode" -> System.identityHashCode(self);
            default -> "forwarded " + api.getSimpleName();
        };
    }
}
