using FedAspire.Analytics.Infrastructure;
using FedAspire.Analytics.Model;
using FedAspire.Tests.Backends;
using Microsoft.Extensions.Logging;
using MongoDB.Bson;
using MongoDB.Driver;

namespace FedAspire.Tests.Analytics;

[Trait("Area", "Topology")]
public sealed class MongoPredictionStoreTests
{
    [Theory]
    [MemberData(nameof(TestMongo.Kinds), MemberType = typeof(TestMongo))]
    public async Task Predictions_and_alerts_round_trip_and_retention_is_a_ttl_index_or_a_logged_warning(string server)
    {
        var ct = TestContext.Current.CancellationToken;
        await using var mongo = await TestMongo.AcquireAsync(server, ct);
        bool ttl = await mongo.SupportsTtlIndexesAsync(ct);
        // mongo-java-server and MongoDB have TTL indexes: CI's second server exists so that retention is tested for real.
        if (server is TestMongo.MemoryServerVariable or TestMongo.ContainerKind) Assert.True(ttl, $"{server} should accept TTL indexes");
        var log = new RecordingLogger();
        using var store = new MongoPredictionStore(mongo.Database, TimeSpan.FromHours(6), log);
        var now = DateTimeOffset.UtcNow;

        await store.AddAsync(
        [
            new Prediction("d1", "f", now.AddSeconds(-2), 1, 0.1f, 1f, false, "pumps", 3),
            new Prediction("d1", "f", now.AddSeconds(-1), 2, 5f, 1f, true, "pumps", 3),
            new Prediction("d2", "f", now, 1, 0.2f, 1f, false, "pumps", 3),
        ], ct);
        await store.AddAsync([new Prediction("d2", "f", now, 2, 0.3f, 1f, false, "pumps", 3)], ct);

        var scores = await store.GetDeviceScoresAsync("d1", null, 10, ct);
        Assert.Equal([2L, 1L], scores.Select(p => p.Sequence));
        Assert.Equal(5f, scores[0].Score);
        var anomalies = await store.GetAnomaliesAsync(now.AddMinutes(-1), 10, ct);
        Assert.Equal("d1", Assert.Single(anomalies).DeviceId);

        var indexes = await (await mongo.Database.GetCollection<BsonDocument>(MongoPredictionStore.PredictionsCollection).Indexes.ListAsync(ct)).ToListAsync(ct);
        Assert.Contains(indexes, i => i["name"] == "device_time");
        Assert.Equal(ttl, store.RetentionEnforced);
        if (ttl)
        {
            Assert.Equal(6 * 3600, indexes.Single(i => i["name"] == "ttl_timestamp")["expireAfterSeconds"].ToInt64());
            var alertIndexes = await (await mongo.Database.GetCollection<BsonDocument>(MongoPredictionStore.AlertsCollection).Indexes.ListAsync(ct)).ToListAsync(ct);
            Assert.Equal(6 * 3600, alertIndexes.Single(i => i["name"] == "ttl_timestamp")["expireAfterSeconds"].ToInt64());
            Assert.Empty(log.Warnings);
        }
        else
        {
            // Refused once, said once, clearly; the store goes on.
            var warning = Assert.Single(log.Warnings);
            Assert.Contains("NOT deleted after the retention period", warning, StringComparison.Ordinal);
            Assert.Contains("NOT enforced", store.Description, StringComparison.Ordinal);
            TestContext.Current.SendDiagnosticMessage($"{server}: {warning}");
        }
    }

    private sealed class RecordingLogger : ILogger
    {
        public List<string> Warnings { get; } = [];

        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (logLevel >= LogLevel.Warning) lock (Warnings) Warnings.Add(formatter(state, exception));
        }
    }
}
