using System.Globalization;
using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace FedAspire.AppHost.SharedServers;

/// <summary>
/// <c>AppHost:Backends=shared-servers</c>: runs the servers of <c>../shared/servers</c> (Apache Kafka 0.9.0.1 with its ZooKeeper, and
/// the in-memory MongoDB-wire server mongo-java-server) as executable resources, without Docker, and hands both services
/// <c>ConnectionStrings:kafka</c>, <c>ConnectionStrings:fedaspire</c> and the client settings a 0.9 broker needs.
/// </summary>
/// <remarks>
/// These are test servers, not what production runs (Kafka 3+/4, MongoDB 7+): that is the container flavour. The Kafka
/// distribution is the one <c>../shared/servers/start.sh</c> fetches (run it once); FerretDB is left to start.sh because it needs
/// a PostgreSQL cluster initialised as another user.
/// </remarks>
public static class SharedServersBackend
{
    /// <summary>Configuration key: <c>embedded</c> (default: the services' in-process bus and on-disk registry) or <c>shared-servers</c>.</summary>
    public const string ModeKey = "AppHost:Backends";

    /// <summary>Configuration key: the shared servers folder (default <c>../shared/servers</c> beside the repository).</summary>
    public const string PathKey = "AppHost:SharedServers:Path";

    /// <summary>Configuration key: the unpacked Kafka 0.9.0.1 distribution (default <c>$FEDASPIRE_SERVERS_DIR/kafka-dist</c>, start.sh's).</summary>
    public const string KafkaDistributionKey = "AppHost:SharedServers:KafkaDistribution";

    /// <summary>Configuration key: the java binary (default <c>/usr/bin/java</c>).</summary>
    public const string JavaKey = "AppHost:SharedServers:Java";

    /// <summary>True when the configuration asks for the shared servers; throws on a value that is neither mode.</summary>
    public static bool IsSelected(IConfiguration configuration)
    {
        var mode = configuration[ModeKey] ?? "embedded";
        if (string.Equals(mode, "embedded", StringComparison.OrdinalIgnoreCase)) return false;
        if (string.Equals(mode, "shared-servers", StringComparison.OrdinalIgnoreCase)) return true;
        throw new InvalidOperationException($"{ModeKey}: '{mode}' is neither 'embedded' nor 'shared-servers'.");
    }

    /// <summary>Adds ZooKeeper, Kafka and the MongoDB-wire server and references them from <paramref name="services"/>.</summary>
    public static void Add(IDistributedApplicationBuilder builder, params IResourceBuilder<ProjectResource>[] services)
    {
        var config = builder.Configuration;
        string servers = Path.GetFullPath(config[PathKey] ?? Path.Combine(builder.AppHostDirectory, "..", "..", "shared", "servers"));
        string serversDir = Environment.GetEnvironmentVariable("FEDASPIRE_SERVERS_DIR") is { Length: > 0 } dir ? dir : "/tmp/fedaspire-servers";
        string kafkaDist = Path.GetFullPath(config[KafkaDistributionKey] ?? Path.Combine(serversDir, "kafka-dist"));
        string java = config[JavaKey] ?? "/usr/bin/java";
        string mongoJar = Path.Combine(servers, "mongo", "mongo-java-server-1.47.0-memory.jar");
        Require(Directory.Exists(servers), $"{PathKey}: {servers} does not exist");
        Require(File.Exists(java), $"{JavaKey}: {java} not found (apt-get install default-jre-headless)");
        Require(File.Exists(Path.Combine(kafkaDist, "libs", "kafka_2.11-0.9.0.1.jar")),
            $"{KafkaDistributionKey}: no Kafka 0.9.0.1 distribution in {kafkaDist}; run {Path.Combine(servers, "start.sh")} once to fetch it");
        Require(File.Exists(mongoJar), $"{PathKey}: {mongoJar} not found");

        // Fresh state per run, like start.sh: topics, offsets and documents live as long as this AppHost.
        string state = Path.Combine(Path.GetTempPath(), "fedaspire-apphost-servers", Environment.ProcessId.ToString(CultureInfo.InvariantCulture));
        Directory.CreateDirectory(Path.Combine(state, "log"));
        int zkPort = FreePort(), kafkaPort = FreePort(), mongoPort = FreePort();
        string kafkaClassPath = string.Join(':', Directory.GetFiles(Path.Combine(kafkaDist, "libs"), "*.jar")
            .Where(j => !j.EndsWith("-scaladoc.jar", StringComparison.Ordinal) && !j.EndsWith("-sources.jar", StringComparison.Ordinal) && !j.EndsWith("-test.jar", StringComparison.Ordinal))
            .Order(StringComparer.Ordinal));
        string[] jvm = ["-Djava.awt.headless=true", $"-Dlog4j.configuration=file:{kafkaDist}/config/log4j.properties", $"-Dkafka.logs.dir={state}/log"];

        string zkProperties = Path.Combine(state, "zookeeper.properties");
        File.WriteAllText(zkProperties, $"dataDir={state}/zk\nclientPort={zkPort}\nclientPortAddress=127.0.0.1\nmaxClientCnxns=0\n");
        var zookeeper = AddServer(builder, "zookeeper", java, state, zkPort, $"127.0.0.1:{zkPort}",
            ["-Xmx256m", .. jvm, "-cp", kafkaClassPath, "org.apache.zookeeper.server.quorum.QuorumPeerMain", zkProperties]);

        string kafkaProperties = Path.Combine(state, "server.properties");
        File.WriteAllText(kafkaProperties, string.Join('\n',
            "broker.id=0", $"listeners=PLAINTEXT://127.0.0.1:{kafkaPort}", $"advertised.listeners=PLAINTEXT://127.0.0.1:{kafkaPort}",
            "host.name=127.0.0.1", "advertised.host.name=127.0.0.1", $"port={kafkaPort}", $"log.dirs={state}/kafka-logs",
            "num.partitions=1", "offsets.topic.replication.factor=1", "offsets.topic.num.partitions=1", "auto.create.topics.enable=true",
            "delete.topic.enable=true", "group.max.session.timeout.ms=300000", $"zookeeper.connect=127.0.0.1:{zkPort}", ""));
        var kafka = AddServer(builder, "kafka", java, state, kafkaPort, $"127.0.0.1:{kafkaPort}",
            ["-Xmx768m", .. jvm, "-cp", kafkaClassPath, "kafka.Kafka", kafkaProperties]).WaitFor(zookeeper);

        string mongoClassPath = string.Join(':', new[] { mongoJar }.Concat(
            new[] { "netty-buffer", "netty-codec", "netty-common", "netty-handler", "netty-resolver", "netty-transport", "slf4j-api", "slf4j-simple" }
                .Select(j => $"/usr/share/java/{j}.jar").Where(File.Exists)));
        // The resource's name is the connection string name the services read: ConnectionStrings:fedaspire.
        var fedaspire = AddServer(builder, "fedaspire", java, state, mongoPort, $"mongodb://127.0.0.1:{mongoPort}/fedaspire",
            ["-Xmx512m", "-cp", mongoClassPath, "RealsrvMongo", "127.0.0.1", mongoPort.ToString(CultureInfo.InvariantCulture)]);

        foreach (var service in services)
        {
            service.WithReference(kafka).WithReference(fedaspire).WaitFor(kafka).WaitFor(fedaspire);
            // Kafka 0.9 predates API version negotiation and the idempotent producer: configuration only, no code for an old broker.
            foreach (var client in new[] { "Producer", "Consumer" })
            {
                service.WithEnvironment($"Aspire__Confluent__Kafka__{client}__Config__ApiVersionRequest", "false");
                service.WithEnvironment($"Aspire__Confluent__Kafka__{client}__Config__BrokerVersionFallback", "0.9.0.1");
            }
            service.WithEnvironment("Aspire__Confluent__Kafka__Producer__Config__EnableIdempotence", "false");
        }
    }

    private static IResourceBuilder<LoopbackServerResource> AddServer(IDistributedApplicationBuilder builder, string name, string command, string workingDirectory,
        int port, string connectionString, string[] args)
    {
        string healthCheck = $"{name}-tcp";
        builder.Services.AddHealthChecks().AddCheck(healthCheck, new TcpPortHealthCheck(name, port));
        return builder.AddResource(new LoopbackServerResource(name, command, workingDirectory, port, connectionString))
            .WithArgs(args)
            .WithHealthCheck(healthCheck);
    }

    private static void Require(bool condition, string message)
    {
        if (!condition) throw new InvalidOperationException($"{ModeKey}=shared-servers: {message}.");
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
