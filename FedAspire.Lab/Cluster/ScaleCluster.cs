using System.Globalization;
using FedAspire.Lab.Experiments;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Orleans.Configuration;

namespace FedAspire.Lab.Cluster;

/// <summary>
/// A loopback Orleans cluster for a scale run, built like the multi-process topology test builds one: redis-server for membership,
/// <c>N</c> processes of the silo host (FedAspire.Devices, configured only through its environment) and this process as an Orleans
/// client. Ready once all <c>N</c> silos are active members. Disposing stops the client and kills every process it started (each
/// with its process tree), also after a failure or Ctrl+C; a last-chance handler does the same if this process exits first.
/// </summary>
public sealed class ScaleCluster : IScaleHost
{
    /// <summary>The silo host's assembly name.</summary>
    public const string SiloHost = "FedAspire.Devices";

    // A round over millions of devices keeps calls open for minutes; the round's own deadline (RoundSchedule) is what should end it.
    private static readonly TimeSpan ResponseTimeout = TimeSpan.FromMinutes(30);
    // Ingesting millions of devices through one client takes longer than Orleans' idle age; a collected device loses its buffer.
    private static readonly TimeSpan CollectionAge = TimeSpan.FromHours(12);
    private static readonly TimeSpan StartTimeout = TimeSpan.FromMinutes(3);

    private readonly RedisServer _redis;
    private readonly List<ChildProcess> _silos;
    private readonly Action<string> _log;
    private readonly CancellationTokenSource _lost = new();
    private IHost? _client;
    private int _disposed;

    private ScaleCluster(RedisServer redis, List<ChildProcess> silos, string clusterId, Action<string> log)
    {
        _redis = redis;
        _silos = silos;
        ClusterId = clusterId;
        _log = log;
        AppDomain.CurrentDomain.ProcessExit += KillOnExit;
    }

    /// <summary>Cancelled when a silo process ends before the cluster is disposed (killed, crashed, out of memory).</summary>
    public CancellationToken Lost => _lost.Token;

    /// <summary>Which silo ended and how, once <see cref="Lost"/> is cancelled.</summary>
    public string? LostReason { get; private set; }

    /// <summary>The Orleans cluster and service id (unique per run).</summary>
    public string ClusterId { get; }

    /// <summary>The silo processes, in start order.</summary>
    public IReadOnlyList<ChildProcess> Silos => _silos;

    /// <summary>Every process the cluster started: redis-server, then the silos.</summary>
    public IReadOnlyList<ChildProcess> Processes => [_redis.Process, .. _silos];

    /// <inheritdoc />
    public IGrainFactory Grains => _client?.Services.GetRequiredService<IClusterClient>() ?? throw new InvalidOperationException("The cluster client is not connected.");

    /// <summary>
    /// Starts redis-server and <paramref name="silos"/> silo processes of <paramref name="siloAssembly"/> on loopback, connects this
    /// process as a client and waits until every silo is an active member. Device grains buffer <paramref name="deviceBufferCapacity"/>
    /// readings; the model registry is <paramref name="registryDirectory"/>; processes run in <paramref name="workDirectory"/>.
    /// </summary>
    public static async Task<ScaleCluster> StartAsync(int silos, string siloAssembly, int deviceBufferCapacity, string registryDirectory,
        string workDirectory, Action<string> log, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(silos, 1);
        ArgumentNullException.ThrowIfNull(log);
        var redisPath = RedisServer.Locate() ?? throw new FileNotFoundException(
            $"redis-server not found ({RedisServer.DefaultPath} or PATH); a multi-silo scale run keeps its membership in Redis: apt-get install redis-server", "redis-server");
        Directory.CreateDirectory(workDirectory);
        var redis = await RedisServer.StartAsync(redisPath, workDirectory, cancellationToken);
        string clusterId = "scale-" + Guid.NewGuid().ToString("N")[..8];
        var cluster = new ScaleCluster(redis, [], clusterId, log);
        try
        {
            var gateways = new List<int>();
            for (int i = 0; i < silos; i++)
            {
                int gateway = LoopbackPorts.Free();
                gateways.Add(gateway);
                var environment = SiloEnvironment(redis.ConnectionString, clusterId, LoopbackPorts.Free(), gateway, LoopbackPorts.Free(),
                    deviceBufferCapacity, registryDirectory);
                var silo = new ChildProcess($"silo-{i + 1}", "dotnet", [siloAssembly], environment, workDirectory);
                cluster._silos.Add(silo);
                _ = cluster.WatchAsync(silo);
            }
            log(string.Create(CultureInfo.InvariantCulture,
                $"cluster '{clusterId}': redis-server on 127.0.0.1:{redis.Port} (pid {redis.Process.Id}), {SiloCount(silos)} of {siloAssembly} (pids {string.Join(", ", cluster._silos.Select(s => s.Id))})"));
            var started = System.Diagnostics.Stopwatch.StartNew();
            for (int i = 0; i < silos; i++)
                await LoopbackPorts.WaitForListenerAsync(gateways[i], StartTimeout, cluster._silos[i], cancellationToken);
            cluster._client = await ConnectAsync(redis.ConnectionString, clusterId, cancellationToken);
            int active = await cluster.WaitForMembersAsync(silos, started, cancellationToken);
            log(string.Create(CultureInfo.InvariantCulture, $"cluster '{clusterId}': {active} active silos after {started.Elapsed.TotalSeconds:F1} s; this process is its client"));
            return cluster;
        }
        catch
        {
            await cluster.DisposeAsync();
            throw;
        }
    }

    /// <summary>
    /// The silo host's own build output in this process's configuration and framework (<c>FedAspire.Devices/bin/Release/net10.0/</c>
    /// under <paramref name="repositoryRoot"/> when this process runs from <c>.../bin/Release/net10.0/</c>, as the multi-process
    /// tests start it), else the copy built beside this process.
    /// </summary>
    public static string LocateSiloHost(string repositoryRoot)
    {
        var own = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar));
        string[] candidates =
        [
            Path.Combine(repositoryRoot, SiloHost, "bin", own.Parent?.Name ?? "Release", own.Name, SiloHost + ".dll"),
            Path.Combine(own.FullName, SiloHost + ".dll"),
        ];
        return candidates.FirstOrDefault(p => File.Exists(p) && File.Exists(Path.ChangeExtension(p, ".runtimeconfig.json")))
            ?? throw new FileNotFoundException($"The silo host is not built: none of {string.Join(", ", candidates)} exists; build it first (dotnet build FedAspire.CI.slnf -c Release).", candidates[0]);
    }

    /// <summary>The last lines every process printed, for failure messages.</summary>
    public string Diagnostics() => string.Join('\n', Processes.Select(p => p.Tail));

    /// <summary>The environment of one silo: the keys an Aspire AppHost injects for Redis clustering, plus the scale run's settings.</summary>
    private static Dictionary<string, string> SiloEnvironment(string redis, string clusterId, int siloPort, int gatewayPort, int httpPort,
        int deviceBufferCapacity, string registryDirectory)
    {
        var c = CultureInfo.InvariantCulture;
        return new Dictionary<string, string>
        {
            ["ConnectionStrings__redis"] = redis,
            ["Orleans__ClusterId"] = clusterId,
            ["Orleans__ServiceId"] = clusterId,
            ["Orleans__Clustering__ProviderType"] = "Redis",
            ["Orleans__Clustering__ServiceKey"] = "redis",
            ["Orleans__Endpoints__SiloPort"] = siloPort.ToString(c),
            ["Orleans__Endpoints__GatewayPort"] = gatewayPort.ToString(c),
            // Otherwise Orleans advertises the machine's first network address: the silos must talk over loopback only.
            ["Orleans__Endpoints__AdvertisedIPAddress"] = "127.0.0.1",
            ["ASPNETCORE_URLS"] = string.Create(c, $"http://127.0.0.1:{httpPort}"),
            ["DOTNET_ENVIRONMENT"] = "Production",
            ["ASPNETCORE_ENVIRONMENT"] = "Production",
            // The in-process run keeps grain state in memory too; scale facilities persist only their device lists.
            ["FedAspire__Storage__Mode"] = "Memory",
            ["FedAspire__Registry__Path"] = registryDirectory,
            // Facilities named facility-00000... have no data in the small synthetic plant: devices-only facilities, as in-process.
            ["FedAspire__Data__Source"] = "synthetic",
            ["FedAspire__Simulator__Enabled"] = "false",
            ["FedAspire__Ingestion__Enabled"] = "false",
            ["FedAspire__Federation__AutoStart"] = "false",
            ["FedAspire__Federation__CentralEvaluation"] = "false",
            ["FedAspire__Devices__BufferCapacity"] = deviceBufferCapacity.ToString(c),
            ["FedAspire__Cluster__ResponseTimeoutSeconds"] = ResponseTimeout.TotalSeconds.ToString(c),
            ["FedAspire__Cluster__CollectionAgeMinutes"] = CollectionAge.TotalMinutes.ToString(c),
            ["Logging__LogLevel__Default"] = "Warning",
        };
    }

    private static async Task<IHost> ConnectAsync(string redis, string clusterId, CancellationToken cancellationToken)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Logging.ClearProviders();
        builder.UseOrleansClient(client =>
        {
            client.UseRedisClustering(redis);
            client.Configure<ClusterOptions>(o => (o.ClusterId, o.ServiceId) = (clusterId, clusterId));
            client.Configure<ClientMessagingOptions>(o => o.ResponseTimeout = ResponseTimeout);
        });
        var host = builder.Build();
        try
        {
            await host.StartAsync(cancellationToken);
            return host;
        }
        catch
        {
            host.Dispose();
            throw;
        }
    }

    private async Task<int> WaitForMembersAsync(int expected, System.Diagnostics.Stopwatch started, CancellationToken cancellationToken)
    {
        var management = Grains.GetGrain<IManagementGrain>(0);
        while (true)
        {
            int active = (await management.GetHosts(onlyActive: true, cancellationToken)).Count;
            if (active >= expected) return active;
            if (_silos.FirstOrDefault(s => s.HasExited) is { } ended) throw new InvalidOperationException($"{ended.Name} ended while the cluster formed.\n{ended.Tail}");
            if (started.Elapsed > StartTimeout)
                throw new TimeoutException(string.Create(CultureInfo.InvariantCulture, $"only {active} of {expected} silos active after {StartTimeout.TotalSeconds:F0} s.\n{Diagnostics()}"));
            await Task.Delay(200, cancellationToken);
        }
    }

    // A dead silo leaves the round waiting for its grains until Orleans declares it dead and the round's deadline passes: the run
    // stops at once instead, naming the silo and its last lines.
    private async Task WatchAsync(ChildProcess silo)
    {
        await silo.Exited;
        if (Volatile.Read(ref _disposed) == 1) return;
        LostReason = string.Create(CultureInfo.InvariantCulture,
            $"{silo.Name} (pid {silo.Id}) ended during the run with exit code {silo.ExitCode}{(silo.ExitCode == 137 ? " (SIGKILL: the kernel's OOM killer or another user)" : "")}\n{silo.Tail}");
        try { await _lost.CancelAsync(); }
        catch (ObjectDisposedException) { /* disposed meanwhile: nobody is waiting */ }
    }

    private static string SiloCount(int silos) => string.Create(CultureInfo.InvariantCulture, $"{silos} silo process{(silos == 1 ? "" : "es")}");

    private void KillOnExit(object? sender, EventArgs e) => KillAll();

    private void KillAll()
    {
        // Silos first (they hold the memory), Redis last.
        foreach (var silo in _silos) silo.Dispose();
        _redis.Dispose();
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 1) return;
        AppDomain.CurrentDomain.ProcessExit -= KillOnExit;
        if (_client is { } client)
        {
            using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(5));
            try { await client.StopAsync(stop.Token); }
            catch (OperationCanceledException) { /* the silos are killed next either way */ }
            client.Dispose();
        }
        KillAll();
        _lost.Dispose();
        _log(string.Create(CultureInfo.InvariantCulture, $"cluster '{ClusterId}': stopped {SiloCount(_silos.Count)} and redis-server"));
    }
}
