package io.muster.kernel.agent;

import io.muster.kernel.config.GoDuration;

import io.muster.spi.api.AgentApi;
import io.muster.spi.api.AgentSelf;
import io.muster.spi.api.ApiException;
import io.muster.spi.api.Endpoints;
import io.muster.spi.check.CheckEnvironment;
import io.muster.spi.check.CheckProbe;
import io.muster.spi.check.CheckType;
import io.muster.spi.model.CheckDefinition;
import io.muster.spi.model.HealthCheck;
import io.muster.spi.model.HealthStatus;
import io.muster.spi.model.Member;
import io.muster.spi.model.Service;
import io.muster.spi.model.ServiceAddress;
import io.muster.spi.model.ServiceDefinition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledExecutorService;
import java.util.function.Supplier;
import java.util.random.RandomGenerator;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * The agent's local state ({@code /v1/agent}): services and checks from config files, the HTTP API and reloads,
 * validated with Consul's rules and texts, run by the {@link CheckScheduler}, persisted under the data dir when
 * registered through the API, and synced into the catalog by {@link AntiEntropy}. Cluster-level calls go to the
 * {@link AgentCluster}. Create it with {@link #create}; then {@link #applyConfig} (config-file entries) and
 * {@link #start()} (restores persisted entries and starts checks and syncing).
 */
public final class LocalAgent implements AgentApi {
    public static final String NODE_MAINTENANCE_CHECK = "_node_maintenance";
    public static final String SERVICE_MAINTENANCE_PREFIX = "_service_maintenance:";
    static final String DEFAULT_NODE_MAINT_REASON =
            "Maintenance mode is enabled for this node, but no reason was provided. This is a default message.";
    static final String DEFAULT_SERVICE_MAINT_REASON =
            "Maintenance mode is enabled for this service, but no reason was provided. This is a default message.";
    /** Consul's checks.MinInterval. */
    static final Duration MIN_INTERVAL = Duration.ofSeconds(1);
    /** Consul's check_deregister_interval_min. */
    static final Duration MIN_DEREGISTER_AFTER = Duration.ofMinutes(1);
    /** Poll period of interval-type checks that need no interval of their own (alias). */
    static final Duration DEFAULT_POLL_INTERVAL = Duration.ofSeconds(10);
    static final String SOURCE_API = "api";
    static final String SOURCE_MAINTENANCE = "maintenance";

    private static final Logger LOG = LoggerFactory.getLogger(LocalAgent.class);
    private static final Pattern IPV4 = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");

    private record LocalService(ServiceDefinition definition, Service service, String source) {
    }

    private record LocalCheck(CheckDefinition definition, HealthCheck check, String type, String source, boolean ttl) {
        LocalCheck withStatus(HealthStatus status, String output) {
            HealthCheck c = check;
            return new LocalCheck(definition, new HealthCheck(c.node(), c.checkId(), c.name(), status, c.notes(), output,
                    c.serviceId(), c.serviceName(), c.serviceTags(), c.type(), c.definition(), 0, 0), type, source, ttl);
        }
    }

    /** A validated check ready to install. */
    private record Prepared(CheckDefinition definition, CheckType type, HealthCheck check) {
    }

    private final LocalAgentSettings settings;
    private final List<CheckType> checkTypes;
    private final AgentCluster cluster;
    private final Clock clock;
    private final CheckEnvironment environment;
    private final CheckScheduler scheduler;
    private final CheckRunner runner;
    private final AntiEntropy antiEntropy;
    private final AntiEntropyDriver antiEntropyDriver;
    private final Optional<AgentPersistence> persistence;
    private final Map<String, LocalService> services = new LinkedHashMap<>();
    private final Map<String, LocalCheck> checks = new LinkedHashMap<>();
    private final Map<String, String> serviceMaintenance = new TreeMap<>();
    private String nodeMaintenance;
    /** Listeners of {@link #watchLocalState}: each registration is its own entry, removed by identity. */
    private final List<StateWatch> stateWatches = new CopyOnWriteArrayList<>();

    private LocalAgent(LocalAgentSettings settings, List<CheckType> checkTypes, Supplier<Endpoints> endpoints,
                       AgentCluster cluster, ScheduledExecutorService executor, Executor blocking, Clock clock,
                       RandomGenerator random) {
        this.settings = settings;
        this.checkTypes = List.copyOf(checkTypes);
        this.cluster = cluster;
        this.clock = clock;
        this.environment = new Environment(settings, endpoints, executor, blocking);
        this.scheduler = new CheckScheduler(clock, random);
        this.runner = new CheckRunner(scheduler, executor, clock, this::onCheckEvents);
        this.persistence = settings.dataDir().map(AgentPersistence::new);
        AntiEntropy.NodeInfo node = new AntiEntropy.NodeInfo(settings.nodeId(), settings.nodeName(), settings.nodeAddress(),
                settings.datacenter(), settings.taggedAddresses(), settings.nodeMeta());
        this.antiEntropy = new AntiEntropy(node, () -> endpoints.get().catalog(), () -> endpoints.get().health(),
                this::snapshot, clock, settings.checkUpdateInterval());
        this.antiEntropyDriver = new AntiEntropyDriver(antiEntropy, executor, clock,
                () -> Math.max(1, cluster.members(false).size()), random);
    }

    /**
     * The one entry point the kernel wires. {@code endpoints} is a supplier because the endpoints include this
     * agent; {@code executor} is the single scheduler thread checks and anti-entropy run on (tasks never block);
     * {@code blocking} runs probes that must block (process waits, file stores).
     */
    public static LocalAgent create(LocalAgentSettings settings, List<CheckType> checkTypes, Supplier<Endpoints> endpoints,
                                    AgentCluster cluster, ScheduledExecutorService executor, Executor blocking, Clock clock) {
        return new LocalAgent(settings, checkTypes, endpoints, cluster, executor, blocking, clock, RandomGenerator.getDefault());
    }

    static LocalAgent createForTest(LocalAgentSettings settings, List<CheckType> checkTypes, Supplier<Endpoints> endpoints,
                                    AgentCluster cluster, ScheduledExecutorService executor, Executor blocking, Clock clock,
                                    RandomGenerator random) {
        return new LocalAgent(settings, checkTypes, endpoints, cluster, executor, blocking, clock, random);
    }

    /** Restores API-registered services, checks and maintenance from the data dir; starts checks and syncing. */
    public void start() {
        persistence.ifPresent(this::restore);
        runner.wake();
        antiEntropyDriver.start();
    }

    public void stop() {
        antiEntropyDriver.stop();
        runner.stop();
        synchronized (this) {
            synchronized (scheduler) {
                for (String id : checks.keySet()) {
                    scheduler.remove(id);
                }
            }
        }
    }

    // ---- AgentApi: cluster-level calls -------------------------------------------------------------------------

    @Override
    public AgentSelf self() {
        return cluster.self();
    }

    @Override
    public List<Member> members(boolean wan) {
        return cluster.members(wan);
    }

    @Override
    public CompletionStage<Integer> join(List<String> addresses, boolean wan) {
        return cluster.join(addresses, wan);
    }

    @Override
    public CompletionStage<Void> leave() {
        return cluster.leave();
    }

    @Override
    public CompletionStage<Void> forceLeave(String node, boolean prune) {
        return cluster.forceLeave(node, prune);
    }

    @Override
    public CompletionStage<List<String>> reload() {
        return cluster.reload();
    }

    // ---- decoding --------------------------------------------------------------------------------------------

    @Override
    public ServiceDefinition decodeService(Map<String, Object> json) {
        return DefinitionDecoder.decodeService(json);
    }

    @Override
    public CheckDefinition decodeCheck(Map<String, Object> json) {
        return DefinitionDecoder.decodeCheck(json);
    }

    // ---- services --------------------------------------------------------------------------------------------

    @Override
    public synchronized Map<String, Service> services() {
        Map<String, Service> out = new LinkedHashMap<>();
        services.forEach((id, s) -> out.put(id, s.service()));
        return java.util.Collections.unmodifiableMap(out);
    }

    @Override
    public synchronized Optional<Service> service(String id) {
        return Optional.ofNullable(services.get(id)).map(LocalService::service);
    }

    @Override
    public void registerService(ServiceDefinition service, boolean replaceExistingChecks, boolean fromLocalConfig) {
        registerService(service, replaceExistingChecks, fromLocalConfig ? "config" : SOURCE_API);
    }

    private void registerService(ServiceDefinition definition, boolean replaceExistingChecks, String source) {
        synchronized (this) {
            boolean local = !source.equals(SOURCE_API);
            if (definition.name() == null || definition.name().isEmpty()) {
                throw ApiException.badRequest("Missing service name");
            }
            if (definition.weights().passing() < 1) {
                throw ApiException.badRequest("Invalid Weights: Passing must be greater than 0");
            }
            if (definition.weights().warning() < 0) {
                throw ApiException.badRequest("Invalid Weights: Warning must be greater or equal than 0");
            }
            Service service = toService(definition);
            List<CheckDefinition> defs = definition.checks();
            List<Prepared> prepared = new ArrayList<>();
            for (int i = 0; i < defs.size(); i++) {
                CheckDefinition c = defs.get(i);
                String checkId = c.id() != null && !c.id().isEmpty() ? c.id()
                        : "service:" + service.id() + (defs.size() > 1 ? ":" + (i + 1) : "");
                String name = c.name() != null && !c.name().isEmpty() ? c.name() : "Service '" + service.service() + "' check";
                CheckDefinition resolved = withIdentity(c, checkId, name, service.id());
                prepared.add(prepare(resolved, service, local));
            }
            ServiceDefinition stored = new ServiceDefinition(definition.id(), definition.name(), definition.kind(),
                    definition.tags(), definition.address(), definition.taggedAddresses(), definition.meta(),
                    definition.port(), definition.weights(), definition.enableTagOverride(), List.of());
            services.put(service.id(), new LocalService(stored, service, source));
            Set<String> keep = new LinkedHashSet<>();
            for (Prepared p : prepared) {
                install(p, source);
                keep.add(p.check().checkId());
            }
            // Service checks carry the service's name and tags: refresh them for checks registered earlier.
            for (Map.Entry<String, LocalCheck> e : List.copyOf(checks.entrySet())) {
                LocalCheck lc = e.getValue();
                if (lc.check().serviceId().equals(service.id()) && !keep.contains(e.getKey())) {
                    if (replaceExistingChecks && !lc.source().equals(SOURCE_MAINTENANCE)) {
                        removeCheck(e.getKey());
                    } else {
                        HealthCheck c = lc.check();
                        checks.put(e.getKey(), new LocalCheck(lc.definition(), new HealthCheck(c.node(), c.checkId(), c.name(),
                                c.status(), c.notes(), c.output(), c.serviceId(), service.service(), service.tags(), c.type(),
                                c.definition(), 0, 0), lc.type(), lc.source(), lc.ttl()));
                    }
                }
            }
            if (source.equals(SOURCE_API)) {
                persistence.ifPresent(p -> p.saveService(service.id(), Map.of("Source", source,
                        "Service", DefinitionEncoder.service(stored))));
            }
        }
        changed();
    }

    @Override
    public boolean deregisterService(String id) {
        synchronized (this) {
            LocalService removed = services.remove(id);
            if (removed == null) {
                return false;
            }
            for (String checkId : List.copyOf(checks.keySet())) {
                if (checks.get(checkId).check().serviceId().equals(id)) {
                    removeCheck(checkId);
                }
            }
            if (serviceMaintenance.remove(id) != null) {
                saveMaintenance();
            }
            persistence.ifPresent(p -> p.deleteService(id));
        }
        changed();
        return true;
    }

    // ---- checks ----------------------------------------------------------------------------------------------

    @Override
    public synchronized Map<String, HealthCheck> checks() {
        Map<String, HealthCheck> out = new LinkedHashMap<>();
        checks.forEach((id, c) -> out.put(id, c.check()));
        return java.util.Collections.unmodifiableMap(out);
    }

    @Override
    public void registerCheck(CheckDefinition check, boolean fromLocalConfig) {
        registerCheck(check, fromLocalConfig ? "config" : SOURCE_API);
    }

    private void registerCheck(CheckDefinition check, String source) {
        synchronized (this) {
            if (check.name() == null || check.name().isEmpty()) {
                throw ApiException.badRequest("Missing check name");
            }
            String id = check.id() == null || check.id().isEmpty() ? check.name() : check.id();
            Service service = null;
            if (!check.serviceId().isEmpty()) {
                LocalService ls = services.get(check.serviceId());
                if (ls == null) {
                    throw ApiException.badRequest("ServiceID \"" + check.serviceId() + "\" does not exist");
                }
                service = ls.service();
            }
            Prepared prepared = prepare(withIdentity(check, id, check.name(), check.serviceId()), service,
                    !source.equals(SOURCE_API));
            install(prepared, source);
        }
        changed();
    }

    @Override
    public boolean deregisterCheck(String id) {
        synchronized (this) {
            if (!checks.containsKey(id)) {
                return false;
            }
            removeCheck(id);
        }
        changed();
        return true;
    }

    @Override
    public void updateTtlCheck(String checkId, HealthStatus status, String output) {
        synchronized (this) {
            LocalCheck lc = checks.get(checkId);
            if (lc == null) {
                throw ApiException.notFound("Unknown check ID \"" + checkId
                        + "\". Ensure that the check ID is passed, not the check name.");
            }
            if (!lc.ttl()) {
                throw ApiException.badRequest("CheckID \"" + checkId + "\" does not have associated TTL");
            }
            List<CheckScheduler.Event> events;
            synchronized (scheduler) {
                events = scheduler.updateTtl(checkId, status, output == null ? "" : output);
            }
            applyEvents(events);
            saveTtlState(checkId);
            runner.wake();
        }
        changed();
    }

    // ---- maintenance -----------------------------------------------------------------------------------------

    @Override
    public void enableNodeMaintenance(String reason) {
        synchronized (this) {
            if (checks.containsKey(NODE_MAINTENANCE_CHECK)) {
                return;
            }
            nodeMaintenance = reason == null || reason.isEmpty() ? DEFAULT_NODE_MAINT_REASON : reason;
            putMaintenanceCheck(NODE_MAINTENANCE_CHECK, "Node Maintenance Mode", nodeMaintenance, null);
            saveMaintenance();
        }
        changed();
    }

    @Override
    public void disableNodeMaintenance() {
        synchronized (this) {
            if (checks.remove(NODE_MAINTENANCE_CHECK) == null) {
                return;
            }
            nodeMaintenance = null;
            saveMaintenance();
        }
        changed();
    }

    @Override
    public boolean enableServiceMaintenance(String serviceId, String reason) {
        synchronized (this) {
            LocalService ls = services.get(serviceId);
            if (ls == null) {
                return false;
            }
            String checkId = SERVICE_MAINTENANCE_PREFIX + serviceId;
            if (checks.containsKey(checkId)) {
                return true;
            }
            String notes = reason == null || reason.isEmpty() ? DEFAULT_SERVICE_MAINT_REASON : reason;
            serviceMaintenance.put(serviceId, notes);
            putMaintenanceCheck(checkId, "Service Maintenance Mode", notes, ls.service());
            saveMaintenance();
        }
        changed();
        return true;
    }

    @Override
    public boolean disableServiceMaintenance(String serviceId) {
        synchronized (this) {
            if (!services.containsKey(serviceId)) {
                return false;
            }
            checks.remove(SERVICE_MAINTENANCE_PREFIX + serviceId);
            serviceMaintenance.remove(serviceId);
            saveMaintenance();
        }
        changed();
        return true;
    }

    private void putMaintenanceCheck(String checkId, String name, String notes, Service service) {
        HealthCheck check = new HealthCheck(settings.nodeName(), checkId, name, HealthStatus.CRITICAL, notes, "",
                service == null ? "" : service.id(), service == null ? "" : service.service(),
                service == null ? List.of() : service.tags(), "maintenance", Map.of(), 0, 0);
        checks.put(checkId, new LocalCheck(null, check, "maintenance", SOURCE_MAINTENANCE, false));
    }

    private void saveMaintenance() {
        persistence.ifPresent(p -> {
            Map<String, Object> state = new LinkedHashMap<>();
            if (nodeMaintenance != null) {
                state.put("Node", nodeMaintenance);
            }
            state.put("Services", Map.copyOf(serviceMaintenance));
            p.saveMaintenance(state);
        });
    }

    // ---- config and reload -----------------------------------------------------------------------------------

    /**
     * Makes the config-sourced services and checks exactly these: adds new ones, re-registers changed ones and
     * removes those no longer configured. Unchanged checks keep their status and schedule. API-registered entries
     * are untouched. Returns one message per definition that was refused ("source: reason"); the others apply.
     */
    public List<String> applyConfig(List<ConfigSourced> serviceDefinitions, List<ConfigSourced> checkDefinitions) {
        List<String> errors = new ArrayList<>();
        Map<String, Map.Entry<String, ServiceDefinition>> wantedServices = new LinkedHashMap<>();
        for (ConfigSourced cs : serviceDefinitions) {
            try {
                ServiceDefinition d = DefinitionDecoder.decodeService(cs.body());
                wantedServices.put(d.id() == null ? "" : d.id(), Map.entry(cs.source(), d));
            } catch (ApiException | IllegalArgumentException e) {
                errors.add(cs.source() + ": " + e.getMessage());
            }
        }
        Map<String, Map.Entry<String, CheckDefinition>> wantedChecks = new LinkedHashMap<>();
        for (ConfigSourced cs : checkDefinitions) {
            try {
                CheckDefinition d = DefinitionDecoder.decodeCheck(cs.body());
                String id = d.id() == null || d.id().isEmpty() ? (d.name() == null ? "" : d.name()) : d.id();
                wantedChecks.put(id, Map.entry(cs.source(), d));
            } catch (ApiException | IllegalArgumentException e) {
                errors.add(cs.source() + ": " + e.getMessage());
            }
        }
        synchronized (this) {
            for (Map.Entry<String, LocalService> e : List.copyOf(services.entrySet())) {
                if (isConfig(e.getValue().source()) && !wantedServices.containsKey(e.getKey())) {
                    deregisterService(e.getKey());
                }
            }
            for (Map.Entry<String, LocalCheck> e : List.copyOf(checks.entrySet())) {
                LocalCheck lc = e.getValue();
                if (isConfig(lc.source()) && lc.check().serviceId().isEmpty() && !wantedChecks.containsKey(e.getKey())) {
                    deregisterCheck(e.getKey());
                }
            }
            for (Map.Entry<String, ServiceDefinition> w : wantedServices.values()) {
                try {
                    registerService(w.getValue(), true, w.getKey());
                } catch (ApiException | IllegalArgumentException e) {
                    errors.add(w.getKey() + ": service \"" + w.getValue().name() + "\": " + e.getMessage());
                }
            }
            for (Map.Entry<String, CheckDefinition> w : wantedChecks.values()) {
                try {
                    registerCheck(w.getValue(), w.getKey());
                } catch (ApiException | IllegalArgumentException e) {
                    errors.add(w.getKey() + ": check \"" + w.getValue().name() + "\": " + e.getMessage());
                }
            }
        }
        errors.forEach(e -> LOG.warn("config: {}", e));
        return List.copyOf(errors);
    }

    private static boolean isConfig(String source) {
        return !source.equals(SOURCE_API) && !source.equals(SOURCE_MAINTENANCE);
    }

    // ---- internals -------------------------------------------------------------------------------------------

    private static CheckDefinition withIdentity(CheckDefinition c, String id, String name, String serviceId) {
        return new CheckDefinition(id, name, serviceId, c.notes(), c.initialStatus(), c.interval(), c.timeout(), c.ttl(),
                c.deregisterCriticalServiceAfter(), c.successBeforePassing(), c.failuresBeforeWarning(),
                c.failuresBeforeCritical(), c.options());
    }

    /** Finds the one type of a check and validates it; nothing is changed. */
    private Prepared prepare(CheckDefinition c, Service service, boolean fromLocalConfig) {
        if (c.interval() != null && !c.interval().isZero() && c.ttl() != null && !c.ttl().isZero()) {
            throw ApiException.badRequest("Invalid check: Interval and TTL cannot both be specified");
        }
        List<CheckType> matching = checkTypes.stream().filter(t -> t.accepts(c)).toList();
        if (matching.isEmpty()) {
            throw ApiException.badRequest("Invalid check: check \"" + c.id() + "\" has no type this agent knows: set one of "
                    + "args, http, tcp, ttl, alias_service, ... (check types loaded: " + knownTypes() + ")");
        }
        if (matching.size() > 1) {
            throw ApiException.badRequest("Invalid check: check \"" + c.id() + "\" mixes the settings of several check types ("
                    + matching.stream().map(CheckType::name).collect(Collectors.joining(", ")) + "); a check has exactly one type");
        }
        CheckType type = matching.get(0);
        try {
            type.validate(c, environment, fromLocalConfig);
        } catch (IllegalArgumentException e) {
            String message = e.getMessage() == null ? e.toString() : e.getMessage();
            // Consul returns the script-permission texts bare; everything else is an invalid check.
            throw ApiException.badRequest(message.startsWith("Scripts are disabled") ? message : "Invalid check: " + message);
        }
        CheckDefinition effective = c;
        if (type.schedule() == CheckType.Schedule.INTERVAL) {
            Duration interval = c.interval() == null || c.interval().isZero() ? DEFAULT_POLL_INTERVAL : c.interval();
            if (interval.compareTo(MIN_INTERVAL) < 0) {
                LOG.warn("check {} has interval below minimum of {}; using {}", c.id(), GoDuration.format(MIN_INTERVAL),
                        GoDuration.format(MIN_INTERVAL));
                interval = MIN_INTERVAL;
            }
            effective = withInterval(effective, interval);
        }
        Duration after = c.deregisterCriticalServiceAfter();
        if (after != null && !after.isZero() && after.compareTo(MIN_DEREGISTER_AFTER) < 0) {
            LOG.warn("check {} has deregister_critical_service_after below minimum of 1m; using 1m", c.id());
            effective = new CheckDefinition(effective.id(), effective.name(), effective.serviceId(), effective.notes(),
                    effective.initialStatus(), effective.interval(), effective.timeout(), effective.ttl(), MIN_DEREGISTER_AFTER,
                    effective.successBeforePassing(), effective.failuresBeforeWarning(), effective.failuresBeforeCritical(),
                    effective.options());
        }
        HealthCheck check = new HealthCheck(settings.nodeName(), c.id(), c.name(),
                c.initialStatus() == null ? HealthStatus.CRITICAL : c.initialStatus(), c.notes(), "",
                service == null ? "" : service.id(), service == null ? "" : service.service(),
                service == null ? List.of() : service.tags(), type.name(), DefinitionEncoder.healthCheckDefinition(c), 0, 0);
        return new Prepared(effective, type, check);
    }

    private static CheckDefinition withInterval(CheckDefinition c, Duration interval) {
        return new CheckDefinition(c.id(), c.name(), c.serviceId(), c.notes(), c.initialStatus(), interval, c.timeout(),
                c.ttl(), c.deregisterCriticalServiceAfter(), c.successBeforePassing(), c.failuresBeforeWarning(),
                c.failuresBeforeCritical(), c.options());
    }

    private String knownTypes() {
        return checkTypes.stream().map(CheckType::name).sorted().distinct().collect(Collectors.joining(", "));
    }

    /**
     * Installs a validated check. The same definition again keeps the running schedule and state; a changed one
     * is rescheduled keeping status and output, as Consul restores a check's state on re-registration.
     */
    private void install(Prepared p, String source) {
        String id = p.check().checkId();
        LocalCheck existing = checks.get(id);
        boolean ttl = p.type().schedule() == CheckType.Schedule.TTL;
        HealthCheck check = p.check();
        if (existing != null && p.definition().equals(existing.definition()) && existing.type().equals(p.type().name())) {
            check = new HealthCheck(check.node(), id, check.name(), existing.check().status(), check.notes(),
                    existing.check().output(), check.serviceId(), check.serviceName(), check.serviceTags(), check.type(),
                    check.definition(), 0, 0);
            checks.put(id, new LocalCheck(p.definition(), check, p.type().name(), source, ttl));
            persistCheck(p.definition(), source);
            return;
        }
        if (existing != null) {
            check = new HealthCheck(check.node(), id, check.name(), existing.check().status(), check.notes(),
                    existing.check().output(), check.serviceId(), check.serviceName(), check.serviceTags(), check.type(),
                    check.definition(), 0, 0);
        }
        CheckDefinition d = p.definition();
        Duration after = d.deregisterCriticalServiceAfter() == null || d.deregisterCriticalServiceAfter().isZero()
                ? null : d.deregisterCriticalServiceAfter();
        Instant expires = null;
        if (ttl && existing == null && source.equals(SOURCE_API)) {
            Optional<HealthCheck> restored = restoreTtlState(id, check);
            if (restored.isPresent()) {
                check = restored.get();
                expires = ttlExpiryFromState(id);
            }
        }
        CheckProbe probe = ttl ? null : p.type().create(d, environment);
        synchronized (scheduler) {
            if (ttl) {
                scheduler.addTtl(id, check.serviceId(), d.ttl(), after, check.status(), check.output(), expires);
            } else {
                scheduler.addInterval(id, check.serviceId(), probe, d.interval(), d.timeout(),
                        new CheckScheduler.Thresholds(d.successBeforePassing(), d.failuresBeforeWarning(),
                                d.failuresBeforeCritical()), after, check.status(), check.output());
            }
        }
        checks.put(id, new LocalCheck(d, check, p.type().name(), source, ttl));
        persistCheck(d, source);
        runner.wake();
    }

    private void persistCheck(CheckDefinition d, String source) {
        if (source.equals(SOURCE_API)) {
            persistence.ifPresent(p -> p.saveCheck(d.id(), Map.of("Source", source, "Check", DefinitionEncoder.check(d))));
        }
    }

    private void removeCheck(String id) {
        LocalCheck removed = checks.remove(id);
        synchronized (scheduler) {
            scheduler.remove(id);
        }
        if (removed != null && removed.source().equals(SOURCE_API)) {
            persistence.ifPresent(p -> p.deleteCheck(id));
        }
    }

    private void onCheckEvents(List<CheckScheduler.Event> events) {
        List<String> deregister = new ArrayList<>();
        synchronized (this) {
            for (CheckScheduler.Event event : events) {
                if (event instanceof CheckScheduler.DeregisterService d) {
                    deregister.add(d.serviceId());
                    LOG.info("removing service {}: check {} has been critical longer than its deregister_critical_service_after",
                            d.serviceId(), d.checkId());
                }
            }
            applyEvents(events);
        }
        deregister.forEach(this::deregisterService);
        changed();
    }

    private void applyEvents(List<CheckScheduler.Event> events) {
        for (CheckScheduler.Event event : events) {
            if (event instanceof CheckScheduler.StatusChanged s) {
                LocalCheck lc = checks.get(s.checkId());
                if (lc != null) {
                    if (lc.check().status() != s.status()) {
                        LOG.debug("check {} is now {}", s.checkId(), s.status().wire());
                    }
                    checks.put(s.checkId(), lc.withStatus(s.status(), s.output()));
                    if (lc.ttl()) {
                        saveTtlState(s.checkId());
                    }
                }
            }
        }
    }

    private void saveTtlState(String checkId) {
        LocalCheck lc = checks.get(checkId);
        if (lc == null || !lc.source().equals(SOURCE_API)) {
            return;
        }
        Optional<Instant> expiry;
        synchronized (scheduler) {
            expiry = scheduler.ttlExpiry(checkId);
        }
        persistence.ifPresent(p -> p.saveCheckState(checkId, Map.of("CheckID", checkId, "Status", lc.check().status().wire(),
                "Output", lc.check().output(), "Expires", expiry.map(Instant::toEpochMilli).orElse(0L))));
    }

    /** Consul restores a TTL check's last status unless its ttl ran out while the agent was down. */
    private Optional<HealthCheck> restoreTtlState(String checkId, HealthCheck check) {
        Map<String, Object> state = persistence.map(p -> p.loadCheckState(checkId)).orElse(Map.of());
        Object expires = state.get("Expires");
        if (!(expires instanceof Number n) || !clock.instant().isBefore(Instant.ofEpochMilli(n.longValue()))) {
            return Optional.empty();
        }
        try {
            HealthStatus status = HealthStatus.parse(String.valueOf(state.get("Status")));
            String output = String.valueOf(state.getOrDefault("Output", ""));
            return Optional.of(new HealthCheck(check.node(), check.checkId(), check.name(), status, check.notes(), output,
                    check.serviceId(), check.serviceName(), check.serviceTags(), check.type(), check.definition(), 0, 0));
        } catch (IllegalArgumentException e) {
            LOG.warn("ignoring saved state of TTL check {}: {}", checkId, e.getMessage());
            return Optional.empty();
        }
    }

    private Instant ttlExpiryFromState(String checkId) {
        Object expires = persistence.map(p -> p.loadCheckState(checkId)).orElse(Map.of()).get("Expires");
        return expires instanceof Number n ? Instant.ofEpochMilli(n.longValue()) : null;
    }

    @SuppressWarnings("unchecked")
    private void restore(AgentPersistence p) {
        for (Map<String, Object> file : p.loadServices()) {
            try {
                ServiceDefinition d = DefinitionDecoder.decodeService((Map<String, Object>) file.get("Service"));
                synchronized (this) {
                    LocalService existing = services.get(d.id());
                    if (existing != null && !existing.source().equals(SOURCE_API)) {
                        continue; // a config file defines it now: config wins, as in Consul
                    }
                }
                registerService(d, false, SOURCE_API);
            } catch (RuntimeException e) {
                LOG.warn("cannot restore a persisted service ({}): {}; re-register it through the API", file.get("Service"),
                        e.getMessage());
            }
        }
        for (Map<String, Object> file : p.loadChecks()) {
            try {
                registerCheck(DefinitionDecoder.decodeCheck((Map<String, Object>) file.get("Check")), SOURCE_API);
            } catch (RuntimeException e) {
                LOG.warn("cannot restore a persisted check ({}): {}; re-register it through the API", file.get("Check"),
                        e.getMessage());
            }
        }
        Map<String, Object> maintenance = p.loadMaintenance();
        if (maintenance.get("Node") instanceof String reason) {
            enableNodeMaintenance(reason);
        }
        if (maintenance.get("Services") instanceof Map<?, ?> map) {
            map.forEach((id, reason) -> enableServiceMaintenance(String.valueOf(id), String.valueOf(reason)));
        }
    }

    private Service toService(ServiceDefinition d) {
        Map<String, ServiceAddress> tagged = new LinkedHashMap<>(d.taggedAddresses());
        // Consul adds lan/wan tagged addresses for a service with an IP address of its own.
        if (IPV4.matcher(d.address()).matches()) {
            tagged.putIfAbsent("lan_ipv4", new ServiceAddress(d.address(), d.port()));
            tagged.putIfAbsent("wan_ipv4", new ServiceAddress(d.address(), d.port()));
        } else if (d.address().contains(":")) {
            tagged.putIfAbsent("lan_ipv6", new ServiceAddress(d.address(), d.port()));
            tagged.putIfAbsent("wan_ipv6", new ServiceAddress(d.address(), d.port()));
        }
        return new Service(d.id(), d.name(), d.kind(), d.tags(), d.address(), tagged, d.meta(), d.port(), d.weights(),
                d.enableTagOverride(), 0, 0);
    }

    synchronized AntiEntropy.LocalSnapshot snapshot() {
        return new AntiEntropy.LocalSnapshot(services(), checks());
    }

    private void changed() {
        antiEntropyDriver.changed();
        for (StateWatch watch : stateWatches) {
            try {
                watch.onChange().run();
            } catch (RuntimeException e) {
                LOG.warn("a local state listener failed; the change itself is applied", e);
            }
        }
    }

    @Override
    public AutoCloseable watchLocalState(Runnable onChange) {
        StateWatch watch = new StateWatch(onChange);
        stateWatches.add(watch);
        return () -> stateWatches.remove(watch);
    }

    /** A registration; a class (not a record) so that two registrations of one listener stay distinct. */
    private static final class StateWatch {
        private final Runnable onChange;

        StateWatch(Runnable onChange) {
            this.onChange = onChange;
        }

        Runnable onChange() {
            return onChange;
        }
    }

    private record Environment(LocalAgentSettings settings, Supplier<Endpoints> endpointsSupplier,
                               ScheduledExecutorService scheduler, Executor blockingExecutor) implements CheckEnvironment {
        @Override
        public boolean scriptChecksEnabled() {
            return settings.enableScriptChecks();
        }

        @Override
        public boolean localScriptChecksEnabled() {
            return settings.enableLocalScriptChecks();
        }

        @Override
        public String nodeName() {
            return settings.nodeName();
        }

        @Override
        public Endpoints endpoints() {
            return endpointsSupplier.get();
        }
    }
}
