using System.Globalization;
using System.Net;
using System.Net.Sockets;
using FedAspire.Aggregator.Registry;
using FedAspire.Analytics.Extensions;
using FedAspire.Analytics.Scoring;
using FedAspire.Core.Federation;
using FedAspire.Core.Learning;
using FedAspire.Core.Onnx;
using FedAspire.Devices.Extensions;
using FedAspire.Devices.Simulation;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace FedAspire.Benchmarks.Ingestion;

/// <summary>
/// The hosts the ingestion and latency benchmarks run: an embedded silo (memory storage, no federation started, its own ports)
/// and the analytics services on a file registry holding one model version, plus the pump-sample replay they feed.
/// </summary>
internal static class BenchmarkHosts
{
    /// <summary>The pump sample's 52 sensor names as the latency benchmarks send them.</summary>
    public static readonly string[] LatencySensors = [.. Enumerable.Range(0, 52).Select(i => $"sensor_{i:D2}")];

    /// <summary>Starts a silo with <paramref name="settings"/> over the benchmark defaults; <paramref name="configure"/> adds to its services.</summary>
    public static IHost StartSilo(IReadOnlyDictionary<string, string?> settings, Action<HostApplicationBuilder>? configure = null)
    {
        var configuration = new Dictionary<string, string?>
        {
            ["FedAspire:Storage:Mode"] = "Memory",
            ["FedAspire:Federation:AutoStart"] = "false",
            ["FedAspire:Registry:Path"] = Path.Combine(Path.GetTempPath(), "fedaspire-bench-registry"),
            ["Orleans:Endpoints:SiloPort"] = FreePort().ToString(CultureInfo.InvariantCulture),
            ["Orleans:Endpoints:GatewayPort"] = FreePort().ToString(CultureInfo.InvariantCulture),
        };
        return Start(configuration, settings, b =>
        {
            b.AddFederationSilo();
            configure?.Invoke(b);
        });
    }

    /// <summary>
    /// Publishes version 1 (a dense autoencoder over <see cref="LatencySensors"/>, window 4, exported to ONNX) to a new file registry,
    /// starts the analytics services on it with <paramref name="settings"/>, and waits until they loaded the model.
    /// </summary>
    public static (IHost Host, string Registry) StartAnalytics(IReadOnlyDictionary<string, string?> settings)
    {
        var registry = Path.Combine(Path.GetTempPath(), "fedaspire-bench-latency", Guid.NewGuid().ToString("N"));
        var spec = ModelSpec.DenseAutoencoder(LatencySensors, [32, 8, 32], Activation.Tanh, window: 4);
        var parameters = Autoencoder.Create(spec, 42).Parameters.ToArray();
        var normalization = new FeatureNormalization(new float[LatencySensors.Length], Enumerable.Repeat(1f, LatencySensors.Length).ToArray());
        var onnx = OnnxExporter.Export(spec, parameters, normalization, new OnnxExportMetadata("pumps", 1, 1, 10f));
        using (var files = new FileModelRegistry(registry))
            files.SaveVersionAsync(new GlobalModelVersion("pumps", 1, 1, DateTimeOffset.UtcNow, spec, parameters, normalization, 10f, "fedavg",
                ["facility-01"], 1, 0, null, onnx)).GetAwaiter().GetResult();

        var configuration = new Dictionary<string, string?>
        {
            ["FedAspire:Analytics:RegistryPath"] = registry,
            ["FedAspire:Analytics:PollInterval"] = "00:00:00.200",
            ["FedAspire:Analytics:Predictions:Directory"] = "",
        };
        var host = Start(configuration, settings, b => b.AddApplicationServices());
        var slot = host.Services.GetRequiredService<ScorerSlot>();
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        while (slot.Current is null)
        {
            if (DateTime.UtcNow > deadline) throw new TimeoutException("Analytics did not load the model within 30 s.");
            Thread.Sleep(20);
        }
        return (host, registry);
    }

    /// <summary>Stops <paramref name="host"/> and deletes the registry <see cref="StartAnalytics"/> made for it.</summary>
    public static void StopAnalytics(IHost host, string registry)
    {
        host.StopAsync().GetAwaiter().GetResult();
        host.Dispose();
        try { Directory.Delete(registry, recursive: true); }
        catch (IOException) { /* temp folder */ }
    }

    /// <summary>The pump sample replayed as 1,000 pumps in 4 facilities (52 sensors, about 1.4 KB of JSON per record).</summary>
    public static TelemetryReplay PumpReplay()
    {
        var (tables, _) = ReplayTables.Load(null);
        return new TelemetryReplay(tables, devices: 1000, facilities: 4, DateTimeOffset.UnixEpoch);
    }

    private static IHost Start(Dictionary<string, string?> defaults, IReadOnlyDictionary<string, string?> settings, Action<HostApplicationBuilder> services)
    {
        foreach (var (key, value) in settings) defaults[key] = value;
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.Configuration.AddInMemoryCollection(defaults);
        services(builder);
        var host = builder.Build();
        host.Start();
        return host;
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
