using Microsoft.Extensions.Diagnostics.HealthChecks;
using MongoDB.Bson;
using MongoDB.Driver;

namespace FedAspire.ServiceDefaults.HealthChecks;

/// <summary>Healthy when MongoDB answers <c>ping</c> on the connection string's database.</summary>
public sealed class MongoHealthCheck(string connectionString) : IHealthCheck
{
    private readonly Lazy<(IMongoClient Client, string Database)> _client = new(() =>
    {
        var url = MongoUrl.Create(connectionString);
        var settings = MongoClientSettings.FromUrl(url);
        // A health probe must answer quickly: at most 3 s, less when the connection string says so.
        if (settings.ServerSelectionTimeout > TimeSpan.FromSeconds(3)) settings.ServerSelectionTimeout = TimeSpan.FromSeconds(3);
        return (new MongoClient(settings), url.DatabaseName ?? "admin");
    });

    /// <inheritdoc/>
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            var (client, database) = _client.Value;
            await client.GetDatabase(database).RunCommandAsync<BsonDocument>(new BsonDocument("ping", 1), cancellationToken: cancellationToken).ConfigureAwait(false);
            return HealthCheckResult.Healthy($"MongoDB database '{database}' answers ping");
        }
        catch (Exception e) when (e is MongoException or TimeoutException or MongoConfigurationException)
        {
            return new HealthCheckResult(context.Registration.FailureStatus, $"MongoDB: {e.Message}", e);
        }
    }
}
