using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Hosting;
using FedAspire.Aggregator.Registry;
using FedAspire.Devices.Cluster;
using FedAspire.Devices.Facilities;
using FedAspire.Devices.Grains;
using FedAspire.Lab.Cluster;
using Orleans.Configuration;

namespace FedAspire.Lab.Experiments;

/// <summary>
/// An in-process Orleans silo hosting the real federation grains for one experiment: localhost clustering on free ports,
/// memory grain storage, the experiment's facility data and a file model registry in the output folder.
/// </summary>
public sealed class ExperimentSilo : IScaleHost
{
    private readonly IHost _host;

    private ExperimentSilo(IHost host, FileModelRegistry registry)
    {
        _host = host;
        Registry = registry;
        Grains = host.Services.GetRequiredService<IGrainFactory>();
    }

    /// <summary>Grain factory of the silo.</summary>
    public IGrainFactory Grains { get; }

    /// <summary>The registry the aggregators publish to.</summary>
    public FileModelRegistry Registry { get; }

    /// <summary>
    /// Starts a silo serving <paramref name="data"/>; the registry lives in <paramref name="registryDirectory"/>; <paramref name="callFilter"/>
    /// sees every grain call (the poisoning experiments' attackers).
    /// </summary>
    public static async Task<ExperimentSilo> StartAsync(IFacilityDataSource data, string registryDirectory, int deviceBufferCapacity, CancellationToken cancellationToken,
        IIncomingGrainCallFilter? callFilter = null)
    {
        var registry = new FileModelRegistry(registryDirectory);
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Logging.ClearProviders();
        int siloPort = LoopbackPorts.Free(), gatewayPort = LoopbackPorts.Free();
        builder.UseOrleans(silo =>
        {
            silo.UseLocalhostClustering(siloPort, gatewayPort, serviceId: "fedaspire-experiment", clusterId: $"experiment-{siloPort}");
            silo.AddMemoryGrainStorage("Default");
            // A scale round fans out to every device grain; the default 30 s call timeout would cut large rounds short.
            silo.Configure<SiloMessagingOptions>(o => o.ResponseTimeout = TimeSpan.FromMinutes(15));
            if (callFilter is not null) silo.AddIncomingGrainCallFilter(callFilter);
        });
        builder.Services.AddSingleton(data);
        builder.Services.AddSingleton<SiloProbe>();
        builder.Services.AddSingleton<IModelRegistry>(registry);
        builder.Services.Configure<DeviceBufferOptions>(o => o.BufferCapacity = deviceBufferCapacity);
        var host = builder.Build();
        await host.StartAsync(cancellationToken);
        return new ExperimentSilo(host, registry);
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        await _host.StopAsync();
        _host.Dispose();
        Registry.Dispose();
    }
}
