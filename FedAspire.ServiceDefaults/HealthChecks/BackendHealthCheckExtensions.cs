using FedAspire.Messaging;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace FedAspire.ServiceDefaults.HealthChecks;

/// <summary>Registers readiness checks (tag <c>ready</c>) for the backends whose connection strings are configured.</summary>
public static class BackendHealthCheckExtensions
{
    /// <summary>
    /// Adds a Kafka check when <c>ConnectionStrings:kafka</c> is set, a MongoDB check for <c>ConnectionStrings:{mongoConnectionName}</c>
    /// and a Redis check for <c>ConnectionStrings:redis</c>; absent backends (embedded mode) get no check.
    /// </summary>
    public static TBuilder AddBackendHealthChecks<TBuilder>(this TBuilder builder, string mongoConnectionName = "fedaspire", string redisConnectionName = "redis")
        where TBuilder : IHostApplicationBuilder
    {
        var checks = builder.Services.AddHealthChecks();
        string[] tags = ["ready"];
        if (KafkaSettings.FromConfiguration(builder.Configuration) is { } kafka)
            checks.AddCheck("kafka", new KafkaHealthCheck(kafka), tags: tags, timeout: TimeSpan.FromSeconds(5));
        if (builder.Configuration.GetConnectionString(mongoConnectionName) is { Length: > 0 } mongo)
            checks.AddCheck("mongodb", new MongoHealthCheck(mongo), tags: tags, timeout: TimeSpan.FromSeconds(5));
        if (builder.Configuration.GetConnectionString(redisConnectionName) is { Length: > 0 } redis)
            checks.AddCheck("redis", new RedisHealthCheck(redis), tags: tags, timeout: TimeSpan.FromSeconds(5));
        return builder;
    }
}
