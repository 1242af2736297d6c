namespace FedAspire.AppHost.SharedServers;

/// <summary>A server process on a fixed loopback port, run as an executable resource, whose connection string is given up front.</summary>
/// <remarks>
/// The port is fixed before start because the servers read it from their own configuration files (ZooKeeper, Kafka 0.9) or
/// arguments, not from an environment variable Aspire could fill in.
/// </remarks>
public sealed class LoopbackServerResource(string name, string command, string workingDirectory, int port, string connectionString)
    : ExecutableResource(name, command, workingDirectory), IResourceWithConnectionString
{
    /// <summary>The loopback port the server listens on.</summary>
    public int Port { get; } = port;

    /// <inheritdoc />
    public ReferenceExpression ConnectionStringExpression => ReferenceExpression.Create($"{connectionString}");
}
