namespace FedAspire.Tests.AppHost;

/// <summary>The AppHost test runs alone, after the parallel tests: it starts four processes and DCP on 2 shared cores.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class AppHostCollection
{
    public const string Name = "AppHost (not parallel)";
}
