package io.muster.http.routes;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.muster.http.server.Json;

import java.io.File;
import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.net.UnknownHostException;

/**
 * {@code /v1/agent/host}: Consul's gopsutil-shaped host report (Memory, CPU, Host, Disk, CollectionTime, Errors),
 * filled from what the JVM can see.
 */
final class HostInfo {
    private HostInfo() {
    }

    static ObjectNode collect() {
        ObjectNode out = Json.object();
        ArrayNode errors = Json.array();
        var os = ManagementFactory.getOperatingSystemMXBean();
        ObjectNode memory = out.putObject("Memory");
        if (os instanceof com.sun.management.OperatingSystemMXBean sun) {
            long total = sun.getTotalMemorySize();
            long free = sun.getFreeMemorySize();
            memory.put("total", total);
            memory.put("available", free);
            memory.put("used", total - free);
            memory.put("usedPercent", total == 0 ? 0.0 : 100.0 * (total - free) / total);
            memory.put("free", free);
        } else {
            errors.add("memory: not available on this JVM");
        }
        ArrayNode cpus = out.putArray("CPU");
        int processors = Runtime.getRuntime().availableProcessors();
        for (int i = 0; i < processors; i++) {
            ObjectNode cpu = cpus.addObject();
            cpu.put("cpu", i);
            cpu.put("vendorId", "");
            cpu.put("family", "");
            cpu.put("model", "");
            cpu.put("stepping", 0);
            cpu.put("physicalId", "");
            cpu.put("coreId", Integer.toString(i));
            cpu.put("cores", 1);
            cpu.put("modelName", "");
            cpu.put("mhz", 0);
            cpu.put("cacheSize", 0);
            cpu.putArray("flags");
            cpu.put("microcode", "");
        }
        ObjectNode host = out.putObject("Host");
        String hostname;
        try {
            hostname = InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            hostname = "";
            errors.add("hostname: " + e.getMessage());
        }
        long uptimeSeconds = ManagementFactory.getRuntimeMXBean().getUptime() / 1000;
        host.put("hostname", hostname);
        host.put("uptime", uptimeSeconds);
        host.put("bootTime", System.currentTimeMillis() / 1000 - uptimeSeconds);
        host.put("procs", 0);
        host.put("os", System.getProperty("os.name", "").toLowerCase(java.util.Locale.ROOT));
        host.put("platform", System.getProperty("os.name", ""));
        host.put("platformFamily", "");
        host.put("platformVersion", System.getProperty("os.version", ""));
        host.put("kernelVersion", System.getProperty("os.version", ""));
        host.put("kernelArch", System.getProperty("os.arch", ""));
        host.put("virtualizationSystem", "");
        host.put("virtualizationRole", "");
        host.put("hostid", "");
        ObjectNode disk = out.putObject("Disk");
        File root = new File("/");
        long total = root.getTotalSpace();
        long free = root.getUsableSpace();
        disk.put("path", "/");
        disk.put("fstype", "");
        disk.put("total", total);
        disk.put("free", free);
        disk.put("used", total - free);
        disk.put("usedPercent", total == 0 ? 0.0 : 100.0 * (total - free) / total);
        out.put("CollectionTime", System.currentTimeMillis() * 1_000_000L);
        out.set("Errors", errors.isEmpty() ? NullNode.getInstance() : errors);
        return out;
    }
}
