using FedAspire.Core.Federation;
using MongoDB.Bson;
using MongoDB.Driver;
using MongoDB.Driver.GridFS;

namespace FedAspire.Aggregator.Registry;

/// <summary>
/// <see cref="IModelRegistry"/> on MongoDB: collection <c>model_versions</c> (one document per version, ONNX inline below
/// <see cref="InlineOnnxLimit"/>, else in the GridFS bucket <c>onnx</c>; inserted once, never replaced), <c>rounds</c> (one document
/// per round, each id once), <c>facility_rounds</c> (one document per facility and round, the newest
/// <see cref="FacilitySeriesOptions.RoundsPerFacility"/> per facility) and <c>federations</c> (epochs). Indexes: (federation, version)
/// unique, (federation, round), which serves history pages by sort + limit, and (federation, facility, round) for the series.
/// Selected when <c>ConnectionStrings:fedaspire</c> is set.
/// </summary>
public sealed class MongoModelRegistry : IModelRegistry
{
    /// <summary>Collection of global model versions.</summary>
    public const string VersionsCollection = "model_versions";

    /// <summary>Collection of round records.</summary>
    public const string RoundsCollection = "rounds";

    /// <summary>Collection of per-facility metric series points.</summary>
    public const string FacilityRoundsCollection = "facility_rounds";

    /// <summary>Collection of one document per federation holding its epoch.</summary>
    public const string FederationsCollection = "federations";

    /// <summary>ONNX exports at or above this size go to GridFS (BSON documents are limited to 16 MB).</summary>
    public const int InlineOnnxLimit = 8 * 1024 * 1024;

    private readonly IMongoCollection<BsonDocument> _versions;
    private readonly IMongoCollection<BsonDocument> _rounds;
    private readonly IMongoCollection<BsonDocument> _federations;
    private readonly IMongoCollection<BsonDocument> _facilityRounds;
    private readonly int _roundsPerFacility;
    private readonly GridFSBucket _onnx;
    private readonly Lock _indexGate = new();
    private Task? _indexes;
    private long _lastSequence;

    /// <summary>A registry in <paramref name="database"/>; indexes are created on first use. <paramref name="series"/>: 1,000 rounds per facility when null.</summary>
    public MongoModelRegistry(IMongoDatabase database, FacilitySeriesOptions? series = null)
    {
        ArgumentNullException.ThrowIfNull(database);
        Database = database;
        _roundsPerFacility = (series ?? new FacilitySeriesOptions()).Validate().RoundsPerFacility;
        _facilityRounds = database.GetCollection<BsonDocument>(FacilityRoundsCollection);
        _versions = database.GetCollection<BsonDocument>(VersionsCollection);
        _rounds = database.GetCollection<BsonDocument>(RoundsCollection);
        _federations = database.GetCollection<BsonDocument>(FederationsCollection);
        _onnx = new GridFSBucket(database, new GridFSBucketOptions { BucketName = "onnx" });
    }

    /// <summary>The database holding the registry.</summary>
    public IMongoDatabase Database { get; }

    /// <summary>A registry for a connection string such as <c>mongodb://user:pwd@host:port/fedaspire?authSource=admin</c> (database from the URL, else "fedaspire").</summary>
    public static MongoModelRegistry FromConnectionString(string connectionString, FacilitySeriesOptions? series = null)
    {
        var url = MongoUrl.Create(connectionString);
        return new MongoModelRegistry(new MongoClient(url).GetDatabase(url.DatabaseName ?? "fedaspire"), series);
    }

    /// <inheritdoc />
    public async Task SaveVersionAsync(GlobalModelVersion version, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(version);
        await EnsureIndexesAsync().ConfigureAwait(false);
        var stamped = version with
        {
            Epoch = await GetEpochAsync(version.Federation, cancellationToken).ConfigureAwait(false),
            Fingerprint = VersionFingerprint.Of(version),
        };
        var id = MongoRegistryDocuments.VersionId(version.Federation, version.Version);
        if (await StoredFingerprintAsync(id, cancellationToken).ConfigureAwait(false) is { } existing)
        {
            if (existing == stamped.Fingerprint) return;
            throw new VersionConflictException(version.Federation, version.Version, existing, stamped.Fingerprint!);
        }
        ObjectId? fileId = null;
        if (version.Onnx.Length >= InlineOnnxLimit)
            fileId = await _onnx.UploadFromBytesAsync($"{id}.onnx", version.Onnx, cancellationToken: cancellationToken).ConfigureAwait(false);
        try
        {
            // The insert is the commit point: the unique _id refuses a second document under the same number.
            await _versions.InsertOneAsync(MongoRegistryDocuments.FromVersion(stamped, fileId), cancellationToken: cancellationToken).ConfigureAwait(false);
        }
        catch (MongoWriteException e) when (e.WriteError?.Category == ServerErrorCategory.DuplicateKey)
        {
            if (fileId is { } orphan) await _onnx.DeleteAsync(orphan, cancellationToken).ConfigureAwait(false);
            var stored = await StoredFingerprintAsync(id, cancellationToken).ConfigureAwait(false) ?? "(none)";
            if (stored != stamped.Fingerprint) throw new VersionConflictException(version.Federation, version.Version, stored, stamped.Fingerprint!);
        }
    }

    /// <inheritdoc />
    public async Task<string> GetEpochAsync(string federation, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(federation);
        // Insert-if-absent: the first caller's random id wins (the _id is unique), every later one reads it. A plain insert rather
        // than an upsert with $setOnInsert, which not every MongoDB-wire server honours on an existing document (FerretDB 1.10).
        try
        {
            await _federations.InsertOneAsync(new BsonDocument { ["_id"] = federation, ["epoch"] = Guid.NewGuid().ToString("N") },
                cancellationToken: cancellationToken).ConfigureAwait(false);
        }
        catch (MongoWriteException e) when (e.WriteError.Category == ServerErrorCategory.DuplicateKey)
        {
            // Another caller (or an earlier run) created it first.
        }
        var document = await _federations.Find(Builders<BsonDocument>.Filter.Eq("_id", federation)).FirstAsync(cancellationToken).ConfigureAwait(false);
        return document["epoch"].AsString;
    }

    /// <inheritdoc />
    public async Task<GlobalModelVersion?> GetLatestAsync(string federation, CancellationToken cancellationToken = default)
    {
        await EnsureIndexesAsync().ConfigureAwait(false);
        var document = await _versions.Find(Builders<BsonDocument>.Filter.Eq("federation", federation))
            .Sort(Builders<BsonDocument>.Sort.Descending("version")).Limit(1).FirstOrDefaultAsync(cancellationToken).ConfigureAwait(false);
        return document is null ? null : await ToVersionAsync(document, cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async Task<GlobalModelVersion?> GetVersionAsync(string federation, long version, CancellationToken cancellationToken = default)
    {
        await EnsureIndexesAsync().ConfigureAwait(false);
        var filter = Builders<BsonDocument>.Filter.Eq("federation", federation) & Builders<BsonDocument>.Filter.Eq("version", version);
        var document = await _versions.Find(filter).FirstOrDefaultAsync(cancellationToken).ConfigureAwait(false);
        return document is null ? null : await ToVersionAsync(document, cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async Task SaveRoundAsync(RoundRecord round, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(round);
        await EnsureIndexesAsync().ConfigureAwait(false);
        var last = await _rounds.Find(Builders<BsonDocument>.Filter.Eq("federation", round.Federation))
            .Sort(Builders<BsonDocument>.Sort.Descending("round")).Limit(1)
            .Project(Builders<BsonDocument>.Projection.Include("round")).FirstOrDefaultAsync(cancellationToken).ConfigureAwait(false);
        if (last is not null && last["round"].ToInt64() >= round.RoundId) return;
        await _rounds.InsertOneAsync(MongoRegistryDocuments.FromRound(round, NextSequence()), cancellationToken: cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async Task<RoundPage> ReadRoundsAsync(string federation, int last, long? before = null, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(last);
        await EnsureIndexesAsync().ConfigureAwait(false);
        // Served by the (federation, round) index.
        var (rounds, skipped, next) = await ReadNewestAsync(_rounds, Builders<BsonDocument>.Filter.Eq("federation", federation), last, before,
            MongoRegistryDocuments.ToRound, cancellationToken).ConfigureAwait(false);
        return new RoundPage(rounds, skipped, next);
    }

    // Up to `last` documents under `filter` with rounds below `before`, newest first and limited, then put back in round order;
    // a document that does not hold a readable record is skipped and counted, as a corrupt line in the file registry.
    private static async Task<(List<T> Records, int Skipped, long? Next)> ReadNewestAsync<T>(IMongoCollection<BsonDocument> collection,
        FilterDefinition<BsonDocument> filter, int last, long? before, Func<BsonDocument, T> read, CancellationToken cancellationToken) where T : class
    {
        if (before is { } cursor) filter &= Builders<BsonDocument>.Filter.Lt("round", cursor);
        var documents = await collection.Find(filter).Sort(Builders<BsonDocument>.Sort.Descending("round")).Limit(last)
            .ToListAsync(cancellationToken).ConfigureAwait(false);
        var records = new List<T>(documents.Count);
        int skipped = 0;
        for (int i = documents.Count - 1; i >= 0; i--)
        {
            if (TryRead(documents[i], read) is { } record) records.Add(record);
            else skipped++;
        }
        return (records, skipped, documents.Count == last ? documents[^1]["round"].ToInt64() : null);
    }

    /// <inheritdoc />
    public async Task SaveFacilityRoundsAsync(string federation, IReadOnlyList<FacilityRoundPoint> points, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(points);
        if (points.Count == 0) return;
        await EnsureIndexesAsync().ConfigureAwait(false);
        var f = Builders<BsonDocument>.Filter;
        var newestFirst = Builders<BsonDocument>.Sort.Descending("round");
        foreach (var point in points)
        {
            var series = f.Eq("federation", federation) & f.Eq("facility", point.Facility);
            var last = await _facilityRounds.Find(series).Sort(newestFirst).Limit(1)
                .Project(Builders<BsonDocument>.Projection.Include("round")).FirstOrDefaultAsync(cancellationToken).ConfigureAwait(false);
            if (last is not null && last["round"].ToInt64() >= point.RoundId) continue;
            try
            {
                await _facilityRounds.InsertOneAsync(MongoRegistryDocuments.FromFacilityRound(federation, point), cancellationToken: cancellationToken).ConfigureAwait(false);
            }
            catch (MongoWriteException e) when (e.WriteError?.Category == ServerErrorCategory.DuplicateKey)
            {
                // Written by an earlier attempt whose acknowledgement was lost.
            }
            // The bound: everything at or below the (N+1)-th newest round goes.
            var beyond = await _facilityRounds.Find(series).Sort(newestFirst).Skip(_roundsPerFacility).Limit(1)
                .Project(Builders<BsonDocument>.Projection.Include("round")).FirstOrDefaultAsync(cancellationToken).ConfigureAwait(false);
            if (beyond is not null)
                await _facilityRounds.DeleteManyAsync(series & f.Lte("round", beyond["round"].ToInt64()), cancellationToken).ConfigureAwait(false);
        }
    }

    /// <inheritdoc />
    public async Task<FacilityRoundPage> ReadFacilityRoundsAsync(string federation, string facility, int last, long? before = null, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(last);
        ArgumentException.ThrowIfNullOrEmpty(facility);
        await EnsureIndexesAsync().ConfigureAwait(false);
        // Served by the (federation, facility, round) index; the writes keep at most the bound per facility.
        var filter = Builders<BsonDocument>.Filter.Eq("federation", federation) & Builders<BsonDocument>.Filter.Eq("facility", facility);
        var (points, skipped, next) = await ReadNewestAsync(_facilityRounds, filter, last, before, MongoRegistryDocuments.ToFacilityRound, cancellationToken)
            .ConfigureAwait(false);
        return new FacilityRoundPage(points, skipped, next);
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<RoundRecord>> ListRoundsAsync(string federation, CancellationToken cancellationToken = default)
    {
        await EnsureIndexesAsync().ConfigureAwait(false);
        var documents = await _rounds.Find(Builders<BsonDocument>.Filter.Eq("federation", federation))
            .Sort(Builders<BsonDocument>.Sort.Ascending("seq")).ToListAsync(cancellationToken).ConfigureAwait(false);
        var rounds = new List<RoundRecord>(documents.Count);
        foreach (var document in documents)
            if (TryRead(document, MongoRegistryDocuments.ToRound) is { } round) rounds.Add(round);
        return rounds;
    }

    private static T? TryRead<T>(BsonDocument document, Func<BsonDocument, T> read) where T : class
    {
        try
        {
            return read(document);
        }
        catch (Exception e) when (e is InvalidDataException or System.Text.Json.JsonException)
        {
            return null;
        }
    }

    private async Task<string?> StoredFingerprintAsync(string id, CancellationToken cancellationToken)
    {
        var stored = await _versions.Find(Builders<BsonDocument>.Filter.Eq("_id", id))
            .Project(Builders<BsonDocument>.Projection.Include("fingerprint")).FirstOrDefaultAsync(cancellationToken).ConfigureAwait(false);
        if (stored is null) return null;
        return stored.TryGetValue("fingerprint", out var f) && f.IsString ? f.AsString : "(none)";
    }

    private async Task<GlobalModelVersion> ToVersionAsync(BsonDocument document, CancellationToken cancellationToken)
    {
        var onnx = MongoRegistryDocuments.InlineOnnx(document);
        if (onnx is null && document.TryGetValue(MongoRegistryDocuments.OnnxFileField, out var file) && file.IsObjectId)
            onnx = await _onnx.DownloadAsBytesAsync(file.AsObjectId, cancellationToken: cancellationToken).ConfigureAwait(false);
        return MongoRegistryDocuments.ToVersion(document, onnx ?? []);
    }

    // Insertion order across restarts: wall-clock ticks, bumped when two rounds land in the same tick.
    private long NextSequence()
    {
        while (true)
        {
            long last = Interlocked.Read(ref _lastSequence);
            long next = Math.Max(DateTime.UtcNow.Ticks, last + 1);
            if (Interlocked.CompareExchange(ref _lastSequence, next, last) == last) return next;
        }
    }

    // Created once; a failed attempt (MongoDB not up yet) is retried by the next call instead of failing forever.
    private Task EnsureIndexesAsync()
    {
        lock (_indexGate)
        {
            if (_indexes is null || _indexes.IsFaulted || _indexes.IsCanceled) _indexes = CreateIndexesAsync();
            return _indexes;
        }
    }

    private async Task CreateIndexesAsync()
    {
        var versions = Builders<BsonDocument>.IndexKeys;
        await _versions.Indexes.CreateOneAsync(new CreateIndexModel<BsonDocument>(
            versions.Ascending("federation").Ascending("version"), new CreateIndexOptions { Unique = true, Name = "federation_version" })).ConfigureAwait(false);
        await _rounds.Indexes.CreateOneAsync(new CreateIndexModel<BsonDocument>(
            versions.Ascending("federation").Ascending("round"), new CreateIndexOptions { Name = "federation_round" })).ConfigureAwait(false);
        await _rounds.Indexes.CreateOneAsync(new CreateIndexModel<BsonDocument>(
            versions.Ascending("federation").Ascending("seq"), new CreateIndexOptions { Name = "federation_seq" })).ConfigureAwait(false);
        await _facilityRounds.Indexes.CreateOneAsync(new CreateIndexModel<BsonDocument>(
            versions.Ascending("federation").Ascending("facility").Ascending("round"), new CreateIndexOptions { Name = "federation_facility_round" })).ConfigureAwait(false);
    }
}
