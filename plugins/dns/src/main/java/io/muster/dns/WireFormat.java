package io.muster.dns;

import org.xbill.DNS.Message;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;

import java.io.ByteArrayOutputStream;

/** Encodes messages with name compression (dnsjava's default) or without it (dns_config.disable_compression). */
final class WireFormat {
    private WireFormat() {
    }

    static byte[] encode(Message message, boolean compress) {
        if (compress) {
            return message.toWire();
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream(512);
        out.writeBytes(message.getHeader().toWire());
        for (int section = Section.QUESTION; section <= Section.ADDITIONAL; section++) {
            for (Record r : message.getSection(section)) {
                out.writeBytes(r.toWire(section));
            }
        }
        return out.toByteArray();
    }

    static int size(Message message, boolean compress) {
        return encode(message, compress).length;
    }
}
