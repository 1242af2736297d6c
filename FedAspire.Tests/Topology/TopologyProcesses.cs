using FedAspire.Lab.Cluster;

namespace FedAspire.Tests.Topology;

/// <summary>
/// Redis plus child processes configured exactly by the keys an Aspire AppHost injects: finds redis-server and the built
/// FedAspire.Devices / FedAspire.Analytics assemblies, hands out free loopback ports, and kills every child on dispose.
/// </summary>
internal sealed class TopologyProcesses : IDisposable
{
    private readonly List<ChildProcess> _children = [];

    private TopologyProcesses(string repositoryRoot, string workDirectory)
    {
        RepositoryRoot = repositoryRoot;
        WorkDirectory = workDirectory;
    }

    public string RepositoryRoot { get; }

    public string WorkDirectory { get; }

    public int RedisPort { get; private set; }

    public string ClusterId { get; } = "topology-" + Guid.NewGuid().ToString("N")[..8];

    public IReadOnlyList<ChildProcess> Children => _children;

    /// <summary>Child processes without Redis (embedded defaults: localhost clustering, file state under the work directory).</summary>
    public static TopologyProcesses Embedded(string workDirectory) => new(FindRepositoryRoot(), workDirectory);

    /// <summary>Starts redis-server on a free port, or skips the test with the reason.</summary>
    public static async Task<TopologyProcesses> StartRedisAsync(string workDirectory)
    {
        if (!File.Exists(RedisServer.DefaultPath)) Assert.Skip($"{RedisServer.DefaultPath} not found (install Debian's redis-server; .ci/run does).");
        var root = FindRepositoryRoot();
        var redis = await RedisServer.StartAsync(RedisServer.DefaultPath, workDirectory, CancellationToken.None);
        var processes = new TopologyProcesses(root, workDirectory) { RedisPort = redis.Port };
        processes._children.Add(redis.Process);
        return processes;
    }

    /// <summary>The environment Aspire gives a silo replica (Redis clustering and grain storage, distinct endpoints, URL).</summary>
    public Dictionary<string, string> SiloEnvironment(int siloPort, int gatewayPort, int httpPort) => new()
    {
        ["ConnectionStrings__redis"] = $"127.0.0.1:{RedisPort}",
        ["Orleans__ClusterId"] = ClusterId,
        ["Orleans__ServiceId"] = ClusterId,
        ["Orleans__Clustering__ProviderType"] = "Redis",
        ["Orleans__Clustering__ServiceKey"] = "redis",
        ["Orleans__GrainStorage__Default__ProviderType"] = "Redis",
        ["Orleans__GrainStorage__Default__ServiceKey"] = "redis",
        ["Orleans__Endpoints__SiloPort"] = siloPort.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["Orleans__Endpoints__GatewayPort"] = gatewayPort.ToString(System.Globalization.CultureInfo.InvariantCulture),
        // Otherwise Orleans advertises the machine's first network address and the silos talk through it instead of loopback.
        ["Orleans__Endpoints__AdvertisedIPAddress"] = "127.0.0.1",
        ["ASPNETCORE_URLS"] = $"http://127.0.0.1:{httpPort}",
        ["DOTNET_ENVIRONMENT"] = "Production",
        ["ASPNETCORE_ENVIRONMENT"] = "Production",
    };

    /// <summary>
    /// A silo on its embedded defaults (localhost clustering, file state) with its own free ports, the synthetic plant and no
    /// telemetry simulator: quick to start and to train.
    /// </summary>
    public static Dictionary<string, string> EmbeddedSiloEnvironment(int httpPort) => new()
    {
        ["Orleans__Endpoints__SiloPort"] = FreePort().ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["Orleans__Endpoints__GatewayPort"] = FreePort().ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["ASPNETCORE_URLS"] = $"http://127.0.0.1:{httpPort}",
        ["FedAspire__Data__Source"] = "synthetic",
        ["FedAspire__Simulator__Enabled"] = "false",
        ["DOTNET_ENVIRONMENT"] = "Production",
    };

    /// <summary>Starts <c>dotnet &lt;project&gt;.dll</c> from that project's build output (same configuration and framework as the tests).</summary>
    public ChildProcess StartProject(string name, string project, Dictionary<string, string> environment)
    {
        var dll = ProjectAssembly(project);
        var child = new ChildProcess(name, "dotnet", [dll], environment, WorkDirectory);
        _children.Add(child);
        return child;
    }

    /// <summary>A loopback port nobody listens on right now.</summary>
    public static int FreePort() => LoopbackPorts.Free();

    public string Diagnostics() => string.Join("\n", _children.Select(c => c.Tail));

    public void Dispose()
    {
        // Children first (silos, analytics), Redis last.
        for (int i = _children.Count - 1; i >= 0; i--) _children[i].Dispose();
        _children.Clear();
    }

    private string ProjectAssembly(string project)
    {
        // Tests run from FedAspire.Tests/bin/<configuration>/<framework>/; the project's output has the same two folders.
        var testOutput = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar));
        var framework = testOutput.Name;
        var configuration = testOutput.Parent!.Name;
        var dll = Path.Combine(RepositoryRoot, project, "bin", configuration, framework, project + ".dll");
        if (!File.Exists(dll)) throw new FileNotFoundException($"{dll} is missing; build FedAspire.CI.slnf in {configuration} first.", dll);
        return dll;
    }

    private static string FindRepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "FedAspire.CI.slnf"))) return dir.FullName;
        throw new DirectoryNotFoundException($"No FedAspire.CI.slnf above {AppContext.BaseDirectory}.");
    }
}
