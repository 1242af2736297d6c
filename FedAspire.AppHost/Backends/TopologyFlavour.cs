namespace FedAspire.AppHost.Backends;

/// <summary>
/// What differs between the AppHost's two flavours. The default flavour adds nothing here: without <c>ConnectionStrings:kafka</c>
/// and <c>ConnectionStrings:fedaspire</c> the services keep their embedded telemetry bus and on-disk model registry. The container
/// flavour (<c>-p:FedAspireContainers=true</c>) compiles <c>Containers/ContainerBackends.cs</c>, which implements the partial method.
/// </summary>
public static partial class TopologyFlavour
{
    /// <summary>True when built with <c>-p:FedAspireContainers=true</c>.</summary>
    public const bool Containers =
#if FEDASPIRE_CONTAINERS
        true;
#else
        false;
#endif

    /// <summary>The Redis mode when <c>AppHost:Redis</c> is not set: the container flavour expects Docker, the default flavour does not.</summary>
    public const string DefaultRedisMode = Containers ? "container" : "executable";

    /// <summary>
    /// Adds Kafka and MongoDB and wires them into the services: containers in the container flavour; in the default flavour the
    /// Kafka 0.9 and MongoDB-wire servers of <c>../shared/servers</c> when <c>AppHost:Backends=shared-servers</c>, else nothing (embedded).
    /// </summary>
    public static void AddMessagingAndRegistry(IDistributedApplicationBuilder builder, IResourceBuilder<ProjectResource> devices, IResourceBuilder<ProjectResource> analytics)
    {
#if FEDASPIRE_CONTAINERS
        AddContainers(builder, devices, analytics);
#else
        if (SharedServers.SharedServersBackend.IsSelected(builder.Configuration)) SharedServers.SharedServersBackend.Add(builder, devices, analytics);
#endif
    }

    static partial void AddContainers(IDistributedApplicationBuilder builder, IResourceBuilder<ProjectResource> devices, IResourceBuilder<ProjectResource> analytics);
}
