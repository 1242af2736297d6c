using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace FedAspire.AppHost.Backends;

/// <summary>Chooses the Redis behind Orleans clustering and grain storage: a local <c>redis-server</c> or Aspire's Redis container.</summary>
public static class RedisBackend
{
    /// <summary>Configuration key: <c>executable</c> (Debian's redis-server, no Docker) or <c>container</c> (<c>AddRedis</c>, needs Docker).</summary>
    public const string ModeKey = "AppHost:Redis";

    /// <summary>Configuration key: the redis-server binary for the executable mode.</summary>
    public const string CommandKey = "AppHost:RedisServer";

    /// <summary>Adds the resource <paramref name="name"/> in the mode the configuration names (default <paramref name="defaultMode"/>).</summary>
    public static IResourceBuilder<IResourceWithConnectionString> Add(IDistributedApplicationBuilder builder, string name, string defaultMode)
    {
        var mode = builder.Configuration[ModeKey] ?? defaultMode;
        if (string.Equals(mode, "container", StringComparison.OrdinalIgnoreCase)) return builder.AddRedis(name);
        if (!string.Equals(mode, "executable", StringComparison.OrdinalIgnoreCase))
            throw new InvalidOperationException($"{ModeKey}: '{mode}' is neither 'executable' nor 'container'.");

        var command = builder.Configuration[CommandKey] ?? "/usr/bin/redis-server";
        if (!File.Exists(command))
            throw new InvalidOperationException($"{CommandKey}: {command} not found. Install Debian's redis-server (apt-get install redis-server) or set {ModeKey}=container where Docker runs.");

        var redis = new RedisResource(name, command, builder.AppHostDirectory);
        string healthCheck = $"{name}-ping";
        builder.Services.AddHealthChecks().AddCheck(healthCheck, new RedisPingHealthCheck(redis.PrimaryEndpoint));
        // Loopback only, nothing written to disk: cluster membership and grain state live as long as this run.
        return builder.AddResource(redis)
            .WithEndpoint(name: RedisResource.EndpointName, scheme: "tcp")
            .WithArgs(context =>
            {
                context.Args.Add("--port");
                context.Args.Add(redis.PrimaryEndpoint.Property(EndpointProperty.TargetPort));
                foreach (var arg in new[] { "--bind", "127.0.0.1", "--save", "", "--appendonly", "no" }) context.Args.Add(arg);
            })
            .WithHealthCheck(healthCheck);
    }
}
