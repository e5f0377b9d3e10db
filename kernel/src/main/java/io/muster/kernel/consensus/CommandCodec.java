package io.muster.kernel.consensus;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.muster.kernel.store.StoreCbor;
import io.muster.spi.api.TxnOp;

import java.io.IOException;
import java.io.UncheckedIOException;

/** Encodes commands as CBOR (one configured mapper); never Java serialisation. */
public final class CommandCodec {

    /** The SPI's TxnOp carries no Jackson annotations, so its subtypes are named here. */
    @JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "@op")
    @JsonSubTypes({
            @JsonSubTypes.Type(value = TxnOp.Kv.class, name = "kv"),
            @JsonSubTypes.Type(value = TxnOp.NodeOp.class, name = "node"),
            @JsonSubTypes.Type(value = TxnOp.ServiceOp.class, name = "service"),
            @JsonSubTypes.Type(value = TxnOp.CheckOp.class, name = "check"),
    })
    private interface TxnOpMixin {
    }

    private final ObjectMapper mapper;

    public CommandCodec() {
        mapper = StoreCbor.newMapper();
        mapper.addMixIn(TxnOp.class, TxnOpMixin.class);
    }

    public byte[] encode(Command command) {
        try {
            return mapper.writeValueAsBytes(command);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot encode command " + command.getClass().getSimpleName(), e);
        }
    }

    /** Fails with IOException naming the problem when the bytes are not a command this release knows. */
    public Command decode(byte[] bytes) throws IOException {
        return mapper.readValue(bytes, Command.class);
    }
}
