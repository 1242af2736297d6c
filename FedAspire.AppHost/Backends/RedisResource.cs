namespace FedAspire.AppHost.Backends;

/// <summary>Debian's <c>redis-server</c> as an executable resource: the Redis that Orleans clustering and grain storage use where there is no Docker.</summary>
/// <remarks>
/// The class name matters: Aspire.Hosting.Orleans names the Orleans provider after the resource type without "Resource",
/// so it must be <c>RedisResource</c> for the silos to receive <c>Orleans:Clustering:ProviderType=Redis</c>.
/// </remarks>
public sealed class RedisResource(string name, string command, string workingDirectory)
    : ExecutableResource(name, command, workingDirectory), IResourceWithConnectionString
{
    /// <summary>The name of the TCP endpoint clients connect to.</summary>
    public const string EndpointName = "tcp";

    /// <summary>The endpoint clients connect to.</summary>
    public EndpointReference PrimaryEndpoint => new(this, EndpointName);

    /// <summary><c>host:port</c>, the form StackExchange.Redis and the services' <c>ConnectionStrings:redis</c> read.</summary>
    public ReferenceExpression ConnectionStringExpression =>
        ReferenceExpression.Create($"{PrimaryEndpoint.Property(EndpointProperty.HostAndPort)}");
}
