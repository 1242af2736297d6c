using FedAspire.Analytics.Model;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using MongoDB.Bson;
using MongoDB.Driver;

namespace FedAspire.Analytics.Infrastructure;

/// <summary>
/// Predictions and alerts in MongoDB: collections <c>predictions</c> (index device+time) and <c>alerts</c>, both with a TTL index
/// on <c>timestamp</c> that enforces the retention period. A server that refuses TTL indexes (FerretDB 1.x) keeps working without
/// retention: the refusal is logged once as a warning and <see cref="RetentionEnforced"/> turns false.
/// </summary>
public sealed partial class MongoPredictionStore : IPredictionStore, IDisposable
{
    /// <summary>Collection of every prediction.</summary>
    public const string PredictionsCollection = "predictions";

    /// <summary>Collection of anomalous predictions.</summary>
    public const string AlertsCollection = "alerts";

    private readonly IMongoCollection<BsonDocument> _predictions;
    private readonly IMongoCollection<BsonDocument> _alerts;
    private readonly string _database;
    private readonly TimeSpan _retention;
    private readonly SemaphoreSlim _indexGate = new(1, 1);
    private readonly ILogger _logger;
    private bool _indexed;

    /// <summary>A store in <paramref name="database"/> keeping documents for <paramref name="retention"/>.</summary>
    public MongoPredictionStore(IMongoDatabase database, TimeSpan retention, ILogger? logger = null)
    {
        _logger = logger ?? NullLogger.Instance;
        _predictions = database.GetCollection<BsonDocument>(PredictionsCollection);
        _alerts = database.GetCollection<BsonDocument>(AlertsCollection);
        _database = database.DatabaseNamespace.DatabaseName;
        _retention = retention;
    }

    /// <inheritdoc/>
    public string Description => $"MongoDB database '{_database}' (collections {PredictionsCollection}, {AlertsCollection}; " +
        (RetentionEnforced == false ? $"retention {_retention} NOT enforced: the server refused TTL indexes)" : $"TTL {_retention})");

    /// <summary>Whether the server keeps the TTL indexes that enforce retention; null until the indexes were first created.</summary>
    public bool? RetentionEnforced { get; private set; }

    /// <inheritdoc/>
    public async Task AddAsync(IReadOnlyList<Prediction> predictions, CancellationToken cancellationToken)
    {
        if (predictions.Count == 0) return;
        await EnsureIndexesAsync(cancellationToken).ConfigureAwait(false);
        var documents = predictions.Select(ToDocument).ToList();
        await _predictions.InsertManyAsync(documents, new InsertManyOptions { IsOrdered = false }, cancellationToken).ConfigureAwait(false);
        var alerts = predictions.Where(p => p.Anomaly).Select(ToDocument).ToList();
        if (alerts.Count > 0) await _alerts.InsertManyAsync(alerts, new InsertManyOptions { IsOrdered = false }, cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc/>
    public Task<IReadOnlyList<Prediction>> GetDeviceScoresAsync(string deviceId, DateTimeOffset? since, int limit, CancellationToken cancellationToken)
    {
        var filter = Builders<BsonDocument>.Filter.Eq("deviceId", deviceId);
        if (since is { } s) filter &= Builders<BsonDocument>.Filter.Gt("timestamp", s.UtcDateTime);
        return FindAsync(_predictions, filter, limit, cancellationToken);
    }

    /// <inheritdoc/>
    public Task<IReadOnlyList<Prediction>> GetAnomaliesAsync(DateTimeOffset? since, int limit, CancellationToken cancellationToken)
    {
        var filter = since is { } s ? Builders<BsonDocument>.Filter.Gt("timestamp", s.UtcDateTime) : Builders<BsonDocument>.Filter.Empty;
        return FindAsync(_alerts, filter, limit, cancellationToken);
    }

    /// <summary>Creates the query and TTL indexes (idempotent); a server that refuses TTL indexes gets a warning, not an error.</summary>
    public async Task EnsureIndexesAsync(CancellationToken cancellationToken)
    {
        if (_indexed) return;
        await _indexGate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (_indexed) return;
            var keys = Builders<BsonDocument>.IndexKeys;
            await _predictions.Indexes.CreateOneAsync(new CreateIndexModel<BsonDocument>(keys.Ascending("deviceId").Descending("timestamp"),
                new CreateIndexOptions { Name = "device_time" }), cancellationToken: cancellationToken).ConfigureAwait(false);
            var ttl = new CreateIndexModel<BsonDocument>(keys.Ascending("timestamp"), new CreateIndexOptions { ExpireAfter = _retention, Name = "ttl_timestamp" });
            try
            {
                await _predictions.Indexes.CreateOneAsync(ttl, cancellationToken: cancellationToken).ConfigureAwait(false);
                await _alerts.Indexes.CreateOneAsync(ttl, cancellationToken: cancellationToken).ConfigureAwait(false);
                RetentionEnforced = true;
            }
            catch (MongoCommandException e)
            {
                // Predictions still flow; only their expiry is lost, which an operator must know about rather than meet as an outage.
                RetentionEnforced = false;
                LogTtlRefused(_database, _retention, e.CodeName, e.ErrorMessage);
            }
            _indexed = true;
        }
        finally
        {
            _indexGate.Release();
        }
    }

    private static async Task<IReadOnlyList<Prediction>> FindAsync(IMongoCollection<BsonDocument> collection, FilterDefinition<BsonDocument> filter, int limit, CancellationToken cancellationToken)
    {
        var documents = await collection.Find(filter).Sort(Builders<BsonDocument>.Sort.Descending("timestamp")).Limit(limit)
            .ToListAsync(cancellationToken).ConfigureAwait(false);
        return documents.Select(FromDocument).ToList();
    }

    /// <inheritdoc/>
    public void Dispose() => _indexGate.Dispose();

    [LoggerMessage(Level = LogLevel.Warning, Message = "MongoDB database '{Database}' refused the TTL index on timestamp ({Code}: {Error}); predictions and alerts are stored but NOT deleted after the retention period {Retention}: expire them another way")]
    private partial void LogTtlRefused(string database, TimeSpan retention, string code, string error);

    internal static BsonDocument ToDocument(Prediction p) => new()
    {
        ["deviceId"] = p.DeviceId,
        ["facilityId"] = p.FacilityId,
        // BSON dates have millisecond precision; the TTL index needs a BSON date.
        ["timestamp"] = new BsonDateTime(p.Timestamp.UtcDateTime),
        ["sequence"] = p.Sequence,
        ["score"] = (double)p.Score,
        ["threshold"] = (double)p.Threshold,
        ["anomaly"] = p.Anomaly,
        ["federation"] = p.Federation,
        ["modelVersion"] = p.ModelVersion,
    };

    internal static Prediction FromDocument(BsonDocument d) => new(
        d["deviceId"].AsString,
        d["facilityId"].AsString,
        new DateTimeOffset(d["timestamp"].ToUniversalTime(), TimeSpan.Zero),
        d["sequence"].ToInt64(),
        (float)d["score"].ToDouble(),
        (float)d["threshold"].ToDouble(),
        d["anomaly"].ToBoolean(),
        d["federation"].AsString,
        d["modelVersion"].ToInt64());
}
