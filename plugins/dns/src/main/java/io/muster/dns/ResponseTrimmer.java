package io.muster.dns;

import org.xbill.DNS.CNAMERecord;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.OPTRecord;
import org.xbill.DNS.Record;
import org.xbill.DNS.SRVRecord;
import org.xbill.DNS.Section;
import org.xbill.DNS.Type;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Consul's response trimming (agent/dns.go trimUDPResponse / trimTCPResponse): UDP answers are cut to
 * {@code min(8, udp_answer_limit)} records for clients without EDNS0, then to the client's size (512 bytes or its
 * EDNS0 buffer); TCP answers to 64 KiB. The additional section keeps only what the remaining SRV answers point
 * to. The caller sets TC when something was cut and {@code enable_truncate} is on.
 */
final class ResponseTrimmer {
    static final int DEFAULT_UDP_SIZE = 512;
    /** Consul's cap on an EDNS0 buffer size: reliability ends beyond the largest practical datagram. */
    static final int MAX_UDP_SIZE = 65535 - 68;
    private static final int MAX_UDP_ANSWER_LIMIT = 8;
    private static final int UDP_HEADER = 8;
    private static final int MAX_TCP_SIZE = 65523;

    private ResponseTrimmer() {
    }

    /** The largest UDP response the client accepts. */
    static int udpLimit(Message query) {
        OPTRecord opt = query.getOPT();
        int size = DEFAULT_UDP_SIZE;
        if (opt != null && opt.getPayloadSize() > size) {
            size = opt.getPayloadSize();
        }
        return Math.min(size, MAX_UDP_SIZE);
    }

    /** Trims a UDP response in place; true when answers were removed. */
    static boolean trimUdp(Message query, Message response, int udpAnswerLimit, boolean compress) {
        List<Record> answers = new ArrayList<>(response.getSection(Section.ANSWER));
        List<Record> extra = new ArrayList<>(response.getSection(Section.ADDITIONAL));
        int maxSize = udpLimit(query);
        int kept = answers.size();
        boolean measureCompressed = compress;
        int maxAnswers = Math.min(MAX_UDP_ANSWER_LIMIT, udpAnswerLimit);
        if (maxSize == DEFAULT_UDP_SIZE && kept > maxAnswers) {
            // Without EDNS0, Consul measures uncompressed so that even an uncompressing hop stays under 512 bytes
            measureCompressed = false;
            kept = Math.max(0, maxAnswers);
            keep(response, answers, extra, kept);
        }
        kept = shrink(response, answers, extra, kept, maxSize - UDP_HEADER, measureCompressed);
        return kept < answers.size();
    }

    /** Trims a TCP response in place to what one DNS message can carry; true when answers were removed. */
    static boolean trimTcp(Message query, Message response, boolean compress) {
        List<Record> answers = new ArrayList<>(response.getSection(Section.ANSWER));
        List<Record> extra = new ArrayList<>(response.getSection(Section.ADDITIONAL));
        int kept = answers.size();
        int truncateAt = query.getQuestion() != null && query.getQuestion().getType() == Type.SRV ? 1024 : 4096;
        if (kept > truncateAt) {
            kept = truncateAt;
            keep(response, answers, extra, kept);
        }
        kept = shrink(response, answers, extra, kept, MAX_TCP_SIZE, compress);
        return kept < answers.size();
    }

    /** Drops the authority section, then answers (largest prefix that fits, by binary search); at least one stays. */
    private static int shrink(Message response, List<Record> answers, List<Record> extra, int kept, int maxSize,
                              boolean compress) {
        if (kept <= 1 || WireFormat.size(response, compress) <= maxSize) {
            return kept;
        }
        response.removeAllRecords(Section.AUTHORITY);
        if (WireFormat.size(response, compress) <= maxSize) {
            return kept;
        }
        int low = 1;
        int high = kept - 1;
        int best = 1;
        while (low <= high) {
            int mid = (low + high) >>> 1;
            keep(response, answers, extra, mid);
            if (WireFormat.size(response, compress) <= maxSize) {
                best = mid;
                low = mid + 1;
            } else {
                high = mid - 1;
            }
        }
        keep(response, answers, extra, best);
        return best;
    }

    /** Keeps the first {@code count} answers and the additional records they need (Consul's syncExtra). */
    private static void keep(Message response, List<Record> answers, List<Record> extra, int count) {
        response.removeAllRecords(Section.ANSWER);
        response.removeAllRecords(Section.ADDITIONAL);
        Set<Name> targets = new HashSet<>();
        for (int i = 0; i < count; i++) {
            Record r = answers.get(i);
            response.addRecord(r, Section.ANSWER);
            if (r instanceof SRVRecord srv) {
                targets.add(srv.getTarget());
            }
        }
        // follow CNAME chains inside the additional section
        boolean grew = true;
        while (grew) {
            grew = false;
            for (Record r : extra) {
                if (r instanceof CNAMERecord cname && targets.contains(r.getName()) && targets.add(cname.getTarget())) {
                    grew = true;
                }
            }
        }
        for (Record r : extra) {
            if (r.getType() == Type.OPT || targets.contains(r.getName())) {
                response.addRecord(r, Section.ADDITIONAL);
            }
        }
    }
}
