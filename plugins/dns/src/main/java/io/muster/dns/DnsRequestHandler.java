package io.muster.dns;

import org.xbill.DNS.Flags;
import org.xbill.DNS.Header;
import org.xbill.DNS.Message;
import org.xbill.DNS.OPTRecord;
import org.xbill.DNS.Opcode;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;

import java.io.IOException;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * One DNS request from wire bytes to wire bytes: validation (FORMERR, NOTIMP, dropped garbage), routing (the
 * Consul domain, reverse lookups, recursors), EDNS0 echo, Consul's truncation rules and encoding.
 * <p>Threading: {@link #handle} never blocks. Its stage completes on the calling (listener) thread when the
 * endpoints answered synchronously, otherwise on the thread that completed the endpoint future.
 */
final class DnsRequestHandler {
    enum Transport { UDP, TCP }

    private final DnsConfig config;
    private final ConsulZone zone;
    private final Recursor recursor;
    private final DebugLog debugLog;
    private final Duration answerTimeout;
    private final boolean compress;

    DnsRequestHandler(DnsConfig config, ConsulZone zone, Recursor recursor, DebugLog debugLog, Duration answerTimeout) {
        this.config = config;
        this.zone = zone;
        this.recursor = recursor;
        this.debugLog = debugLog;
        this.answerTimeout = answerTimeout.plus(config.recursorTimeout().multipliedBy(config.recursors().size()));
        this.compress = !config.disableCompression();
    }

    /** The response's bytes, or null when the packet gets no answer (unparseable, or itself a response). */
    CompletionStage<byte[]> handle(byte[] packet, Transport transport) {
        if (packet.length < Header.LENGTH) {
            debugLog.log("dns: dropped a {}-byte packet: shorter than a DNS header", packet.length);
            return CompletableFuture.completedFuture(null);
        }
        Message query;
        try {
            query = new Message(packet);
        } catch (IOException | RuntimeException e) {
            return CompletableFuture.completedFuture(malformed(packet, e));
        }
        Header header = query.getHeader();
        if (header.getFlag(Flags.QR)) {
            // never answer a response: that is how reflection loops start
            return CompletableFuture.completedFuture(null);
        }
        if (header.getOpcode() != Opcode.QUERY) {
            return CompletableFuture.completedFuture(bare(header, Rcode.NOTIMP));
        }
        if (header.getCount(Section.QUESTION) != 1 || header.getCount(Section.ANSWER) > 1
                || header.getCount(Section.AUTHORITY) > 1 || header.getCount(Section.ADDITIONAL) > 2) {
            return CompletableFuture.completedFuture(bare(header, Rcode.FORMERR));
        }
        try {
            CompletableFuture<byte[]> answer = route(query, transport).toCompletableFuture();
            if (!answer.isDone()) {
                answer = answer.orTimeout(answerTimeout.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS);
            }
            return answer.exceptionally(failure -> {
                debugLog.log("dns: answering {} failed: {}", query.getQuestion(), failure.toString());
                return serverFailure(query, transport);
            });
        } catch (RuntimeException e) {
            debugLog.log("dns: answering {} failed: {}", query.getQuestion(), e.toString());
            return CompletableFuture.completedFuture(serverFailure(query, transport));
        }
    }

    private CompletionStage<byte[]> route(Message query, Transport transport) {
        Record question = query.getQuestion();
        QueryNameParser parser = zone.parser();
        if (parser.inDomain(question.getName())) {
            Message response = reply(query);
            response.getHeader().setFlag(Flags.AA);
            return zone.answerDomain(question, response).thenApply(r -> finish(query, r, transport));
        }
        QueryName name = parser.parse(question.getName(), question.getType());
        if (name instanceof QueryName.Reverse reverse) {
            Message response = reply(query);
            response.getHeader().setFlag(Flags.AA);
            return zone.answerReverse(question, reverse, response).thenCompose(found -> {
                if (found.isPresent()) {
                    return CompletableFuture.completedFuture(finish(query, found.get(), transport));
                }
                if (recursor.enabled()) {
                    return forward(query, transport);
                }
                return CompletableFuture.completedFuture(finish(query, zone.nameError(question, response), transport));
            });
        }
        if (recursor.enabled()) {
            return forward(query, transport);
        }
        // Consul registers no handler outside its domain without recursors: the DNS mux refuses the question
        Message refused = reply(query);
        refused.getHeader().setRcode(Rcode.REFUSED);
        return CompletableFuture.completedFuture(WireFormat.encode(refused, compress));
    }

    private CompletionStage<byte[]> forward(Message query, Transport transport) {
        return recursor.forward(query).thenApply((Optional<Message> answer) -> {
            if (answer.isEmpty()) {
                return serverFailure(query, transport);
            }
            Message upstream = answer.get();
            upstream.getHeader().setID(query.getHeader().getID());
            byte[] wire = WireFormat.encode(upstream, compress);
            int limit = ResponseTrimmer.udpLimit(query);
            if (transport == Transport.UDP && wire.length > limit) {
                wire = upstream.toWire(limit);
            }
            return wire;
        });
    }

    /** EDNS0 echo, Consul's trimming, TC when enabled, encoding. */
    private byte[] finish(Message query, Message response, Transport transport) {
        addEdns(query, response);
        boolean trimmed = transport == Transport.UDP
                ? ResponseTrimmer.trimUdp(query, response, config.udpAnswerLimit(), compress)
                : ResponseTrimmer.trimTcp(query, response, compress);
        if (trimmed) {
            if (config.enableTruncate()) {
                response.getHeader().setFlag(Flags.TC);
            }
            debugLog.log("dns: response to {} over {} trimmed to {} answers", query.getQuestion(), transport,
                    response.getSection(Section.ANSWER).size());
        }
        byte[] wire = WireFormat.encode(response, compress);
        int limit = ResponseTrimmer.udpLimit(query);
        if (transport == Transport.UDP && wire.length > limit) {
            // a single record or the additional section alone is too large: let dnsjava cut whole RRsets and set TC
            wire = response.toWire(limit);
        }
        return wire;
    }

    private byte[] serverFailure(Message query, Transport transport) {
        Message response = reply(query);
        response.getHeader().setRcode(Rcode.SERVFAIL);
        addEdns(query, response);
        return WireFormat.encode(response, compress);
    }

    private Message reply(Message query) {
        Header q = query.getHeader();
        Message response = new Message(q.getID());
        Header h = response.getHeader();
        h.setFlag(Flags.QR);
        h.setOpcode(q.getOpcode());
        if (q.getFlag(Flags.RD)) {
            h.setFlag(Flags.RD);
        }
        if (q.getFlag(Flags.CD)) {
            h.setFlag(Flags.CD);
        }
        if (recursor.enabled()) {
            h.setFlag(Flags.RA);
        }
        response.addRecord(query.getQuestion(), Section.QUESTION);
        return response;
    }

    private static void addEdns(Message query, Message response) {
        OPTRecord opt = query.getOPT();
        if (opt != null && response.getOPT() == null) {
            response.addRecord(new OPTRecord(opt.getPayloadSize(), 0, 0), Section.ADDITIONAL);
        }
    }

    /** FORMERR when the header can be read, else nothing: there is nobody sensible to answer. */
    private byte[] malformed(byte[] packet, Exception cause) {
        Header header;
        try {
            header = new Header(packet);
        } catch (IOException | RuntimeException e) {
            debugLog.log("dns: dropped an unreadable packet: {}", e.toString());
            return null;
        }
        if (header.getFlag(Flags.QR)) {
            return null;
        }
        debugLog.log("dns: malformed query id {}: {}", header.getID(), cause.toString());
        return bare(header, Rcode.FORMERR);
    }

    /** A header-only answer as Go's miekg/dns sends for rejected messages: id and opcode echoed, no question. */
    private static byte[] bare(Header query, int rcode) {
        Header h = new Header(query.getID());
        h.setFlag(Flags.QR);
        h.setOpcode(query.getOpcode());
        h.setRcode(rcode);
        return h.toWire();
    }
}
