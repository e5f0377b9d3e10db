package io.muster.gossip.swim;

import io.muster.spi.membership.MemberEvent;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * The numbers for the lead's report, from bigger runs than the unit tests afford. Run with
 * {@code mvn -B -o -pl spi,plugins/gossip-swim test -Dgroups=slow -DexcludedGroups= -Dtest=SwimSimulationTest#reportNumbers}.
 */
public final class SimulationReport {
    private SimulationReport() {
    }

    public static void main(String[] args) {
        long minutes = args.length > 0 ? Long.parseLong(args[0]) : 60;
        for (int n : new int[] {100, 1000}) {
            detection(n, 7, SwimConfig.lan(), "lan defaults");
        }
        for (double loss : new double[] {0.0, 0.01, 0.05}) {
            falsePositives(100, loss, minutes, SwimConfig.lan(), "lan defaults");
        }
        // Consul's LAN defaults cannot detect within 5 s at N=1000: Lifeguard's floor alone is
        // suspicion_mult * log10(N) * probe_interval = 4 * 3 * 1 s = 12 s. This is the gossip_lan tuning that can.
        SwimConfig fast = FAST_DETECTION;
        detection(1000, 7, fast, "gossip_lan probe_interval=400ms probe_timeout=200ms suspicion_mult=3");
        for (double loss : new double[] {0.01, 0.05}) {
            falsePositives(100, loss, minutes, fast, "same tuning");
        }
        falsePositives(1000, 0.01, 10, fast, "same tuning");
    }

    /** gossip_lan { probe_interval = "400ms", probe_timeout = "200ms", suspicion_mult = 3 } */
    static final SwimConfig FAST_DETECTION = SwimConfig.lan().withProbing(400, 200, 200).withMultipliers(3, 4, 3);

    static void detection(int n, long seed, SwimConfig config, String label) {
        long started = System.nanoTime();
        Simulation sim = new Simulation(seed, config);
        sim.bootstrap(n);
        sim.runFor(20_000);
        long bytesBefore = sim.packetBytes + sim.streamBytes;
        long t0 = sim.now();
        sim.kill("n0");
        sim.runUntil(() -> sim.countViewing("n0", Message.NodeState.DEAD) == n - 1, 300_000);
        List<Long> times = new ArrayList<>();
        for (long at : sim.firstSeen("n0", MemberEvent.Type.FAIL).values()) {
            times.add(at - t0);
        }
        Collections.sort(times);
        long firstFail = times.isEmpty() ? -1 : times.get(0);
        long lastFail = times.isEmpty() ? -1 : times.get(times.size() - 1);
        // user event dissemination: from fire until the last member delivers it
        long fired = sim.now();
        sim.fire(sim.node("n1"), "deploy");
        sim.runUntil(() -> sim.delivered().size() >= n - 1, 120_000);
        long spread = sim.delivered().get(sim.delivered().size() - 1).at() - fired;
        sim.runFor(60_000);
        double seconds = (sim.now() - t0) / 1000.0;
        double bytesPerMemberSecond = (sim.packetBytes + sim.streamBytes - bytesBefore) / seconds / (n - 1);
        System.out.printf("[" + label + "] N=%d detection of a killed member: %d/%d saw it failed; median %.1fs, max %.1fs "
                        + "(first verdict %.1fs, dissemination of the verdict %.1fs); user event to all in %.2fs; "
                        + "%.0f bytes/member/s; %.1fs wall%n",
                n, times.size(), n - 1, times.isEmpty() ? -1 : times.get(times.size() / 2) / 1000.0, lastFail / 1000.0,
                firstFail / 1000.0, (lastFail - firstFail) / 1000.0, spread / 1000.0, bytesPerMemberSecond,
                (System.nanoTime() - started) / 1e9);
    }

    static void falsePositives(int n, double loss, long minutes, SwimConfig config, String label) {
        long started = System.nanoTime();
        Simulation sim = new Simulation(11, config);
        sim.packetLoss = loss;
        sim.streamLoss = loss;
        sim.bootstrap(n);
        sim.runFor(minutes * 60_000);
        long fails = sim.count(MemberEvent.Type.FAIL);
        long suspicionsRefuted = sim.nodes().stream().mapToLong(x -> x.state.incarnation() - 1).sum();
        double memberHours = n * minutes / 60.0;
        System.out.printf("[" + label + "] N=%d loss=%.0f%% over %d min: %d false failure verdicts (%.4f per member-hour), "
                        + "%d refutations, %.0f bytes/member/s; %.1fs wall%n",
                n, loss * 100, minutes, fails, fails / memberHours, suspicionsRefuted,
                (sim.packetBytes + sim.streamBytes) / (minutes * 60.0) / n, (System.nanoTime() - started) / 1e9);
    }
}
