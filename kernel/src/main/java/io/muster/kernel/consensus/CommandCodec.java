package io.muster.kernel.consensus;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.muster.kernel.store.StoreCbor;

import java.io.IOException;
import java.io.UncheckedIOException;

/** Encodes commands as CBOR (one configured mapper); never Java serialisation. */
public final class CommandCodec {

    private final ObjectMapper mapper;

    public CommandCodec() {
        mapper = StoreCbor.newMapper();
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
