namespace FedAspire.Tests.Topology;

/// <summary>The soak test runs alone, after the parallel tests: it measures the process heap, which other tests would move.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class SoakCollection
{
    public const string Name = "Soak (not parallel)";
}
