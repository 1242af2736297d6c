using FedAspire.Analytics.Infrastructure;
using FedAspire.Analytics.Model;
using MongoDB.Bson;
using MongoDB.Driver;
using Testcontainers.MongoDb;

namespace FedAspire.Tests.Analytics;

[Trait("Area", "Topology")]
public sealed class MongoPredictionStoreContainerTests
{
    [Fact]
    public async Task Predictions_and_alerts_round_trip_and_the_retention_ttl_index_exists()
    {
        DockerEngine.SkipUnlessAvailable();
        await using var mongo = new MongoDbBuilder("mongo:7.0").Build();
        await mongo.StartAsync(TestContext.Current.CancellationToken);
        var database = new MongoClient(mongo.GetConnectionString()).GetDatabase("fedaspire");
        using var store = new MongoPredictionStore(database, TimeSpan.FromHours(6));
        var now = DateTimeOffset.UtcNow;
        var ct = TestContext.Current.CancellationToken;

        await store.AddAsync(
        [
            new Prediction("d1", "f", now.AddSeconds(-2), 1, 0.1f, 1f, false, "pumps", 3),
            new Prediction("d1", "f", now.AddSeconds(-1), 2, 5f, 1f, true, "pumps", 3),
            new Prediction("d2", "f", now, 1, 0.2f, 1f, false, "pumps", 3),
        ], ct);

        var scores = await store.GetDeviceScoresAsync("d1", null, 10, ct);
        Assert.Equal([2L, 1L], scores.Select(p => p.Sequence));
        var anomalies = await store.GetAnomaliesAsync(now.AddMinutes(-1), 10, ct);
        Assert.Equal("d1", Assert.Single(anomalies).DeviceId);

        var indexes = await (await database.GetCollection<BsonDocument>(MongoPredictionStore.PredictionsCollection).Indexes.ListAsync(ct)).ToListAsync(ct);
        var ttl = indexes.Single(i => i["name"] == "ttl_timestamp");
        Assert.Equal(6 * 3600, ttl["expireAfterSeconds"].ToInt64());
    }
}
