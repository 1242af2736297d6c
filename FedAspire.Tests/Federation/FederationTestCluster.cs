using FedAspire.Aggregator.Evaluation;
using FedAspire.Aggregator.Persistence;
using FedAspire.Aggregator.Registry;
using FedAspire.Core.Aggregation;
using FedAspire.Core.Federation;
using FedAspire.Core.Learning;
using FedAspire.Devices.Extensions;
using FedAspire.Devices.Facilities;
using FedAspire.Devices.Grains;
using Microsoft.Extensions.DependencyInjection;
using Orleans.TestingHost;

namespace FedAspire.Tests.Federation;

/// <summary>An in-process Orleans cluster (two silos by default) hosting the federation grains with test data and storage.</summary>
internal sealed class FederationTestCluster : IAsyncDisposable
{
    private FederationTestCluster(InProcessTestCluster cluster, FileModelRegistry registry)
    {
        Cluster = cluster;
        Registry = registry;
    }

    public InProcessTestCluster Cluster { get; }

    public FileModelRegistry Registry { get; }

    public IClusterClient Client => Cluster.Client;

    /// <summary>Starts the cluster; <paramref name="storageDirectory"/> null = memory grain storage, else file storage there.</summary>
    /// <remarks>
    /// <paramref name="files"/>: the file system both the registry and the file grain storage write through (faults are injected there);
    /// <paramref name="configureSilo"/>: more silo configuration, e.g. grain call filters.
    /// </remarks>
    public static async Task<FederationTestCluster> StartAsync(IFacilityDataSource data, string registryDirectory, string? storageDirectory = null,
        int silos = 2, int deviceBufferCapacity = 4096, ICentralEvaluationData? central = null, IDurableFiles? files = null,
        Action<ISiloBuilder>? configureSilo = null)
    {
        var registry = new FileModelRegistry(registryDirectory, files);
        var builder = new InProcessTestClusterBuilder((short)silos);
        builder.ConfigureSilo((_, silo) =>
        {
            // As in the silo host: grain calls carry the caller's trace, so a round is one trace across silos.
            silo.AddActivityPropagation();
            if (storageDirectory is null) silo.AddMemoryGrainStorage("Default");
            else silo.Services.AddFileGrainStorage("Default", storageDirectory, files);
            silo.Services.AddSingleton(data);
            silo.Services.AddSingleton<IModelRegistry>(registry);
            silo.Services.Configure<DeviceBufferOptions>(o => o.BufferCapacity = deviceBufferCapacity);
            if (central is not null) silo.Services.AddSingleton(central);
            configureSilo?.Invoke(silo);
        });
        var cluster = builder.Build();
        await cluster.DeployAsync();
        return new FederationTestCluster(cluster, registry);
    }

    public IAggregatorGrain Aggregator(string name) => Client.GetGrain<IAggregatorGrain>(name);

    public async ValueTask DisposeAsync()
    {
        await Cluster.StopAllSilosAsync();
        await Cluster.DisposeAsync();
        Registry.Dispose();
    }

    /// <summary>A small plant: 3 facilities x 120 training rows, 60 held-out rows.</summary>
    public static SyntheticFacilities SmallPlant(int facilities = 3, int seed = 7) => new(facilities, seed, trainRows: 120, heldOutRows: 60);

    /// <summary>A tiny dense autoencoder federation over <paramref name="participants"/>: window 2, 1 epoch, long interval (rounds run on demand).</summary>
    public static FederationDefinition Definition(string name, IReadOnlyList<string> participants, int quorum, double deadlineSeconds = 20,
        string strategy = "fedavg", int seed = 11, float normBound = 0)
    {
        var spec = ModelSpec.DenseAutoencoder(SyntheticFacilities.SensorNames, [8, 3, 8], Activation.Relu, window: 2);
        var schedule = new RoundSchedule(TimeSpan.FromHours(1), 1.0, participants.Count, quorum, TimeSpan.FromSeconds(deadlineSeconds), normBound);
        var training = new TrainingOptions(Epochs: 1, BatchSize: 16, LearningRate: 1e-2f, Seed: seed);
        return new FederationDefinition(name, spec, new StrategyOptions(strategy), schedule, training, participants, WindowStride: 1, Detection: new DetectionSettings(NormalizationMode.Global, 0.05));
    }
}
