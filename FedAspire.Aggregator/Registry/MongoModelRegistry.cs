using FedAspire.Core.Federation;
using MongoDB.Bson;
using MongoDB.Driver;
using MongoDB.Driver.GridFS;

namespace FedAspire.Aggregator.Registry;

/// <summary>
/// <see cref="IModelRegistry"/> on MongoDB: collection <c>model_versions</c> (one document per version, ONNX inline below
/// <see cref="InlineOnnxLimit"/>, else in the GridFS bucket <c>onnx</c>) and <c>rounds</c> (one document per round). Indexes:
/// (federation, version) unique and (federation, round). Selected when <c>ConnectionStrings:fedaspire</c> is set.
/// </summary>
public sealed class MongoModelRegistry : IModelRegistry
{
    /// <summary>Collection of global model versions.</summary>
    public const string VersionsCollection = "model_versions";

    /// <summary>Collection of round records.</summary>
    public const string RoundsCollection = "rounds";

    /// <summary>ONNX exports at or above this size go to GridFS (BSON documents are limited to 16 MB).</summary>
    public const int InlineOnnxLimit = 8 * 1024 * 1024;

    private readonly IMongoCollection<BsonDocument> _versions;
    private readonly IMongoCollection<BsonDocument> _rounds;
    private readonly GridFSBucket _onnx;
    private readonly Lock _indexGate = new();
    private Task? _indexes;
    private long _lastSequence;

    /// <summary>A registry in <paramref name="database"/>; indexes are created on first use.</summary>
    public MongoModelRegistry(IMongoDatabase database)
    {
        ArgumentNullException.ThrowIfNull(database);
        Database = database;
        _versions = database.GetCollection<BsonDocument>(VersionsCollection);
        _rounds = database.GetCollection<BsonDocument>(RoundsCollection);
        _onnx = new GridFSBucket(database, new GridFSBucketOptions { BucketName = "onnx" });
    }

    /// <summary>The database holding the registry.</summary>
    public IMongoDatabase Database { get; }

    /// <summary>A registry for a connection string such as <c>mongodb://user:pwd@host:port/fedaspire?authSource=admin</c> (database from the URL, else "fedaspire").</summary>
    public static MongoModelRegistry FromConnectionString(string connectionString)
    {
        var url = MongoUrl.Create(connectionString);
        return new MongoModelRegistry(new MongoClient(url).GetDatabase(url.DatabaseName ?? "fedaspire"));
    }

    /// <inheritdoc />
    public async Task SaveVersionAsync(GlobalModelVersion version, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(version);
        await EnsureIndexesAsync().ConfigureAwait(false);
        var id = MongoRegistryDocuments.VersionId(version.Federation, version.Version);
        var previous = await _versions.Find(Builders<BsonDocument>.Filter.Eq("_id", id))
            .Project(Builders<BsonDocument>.Projection.Include(MongoRegistryDocuments.OnnxFileField)).FirstOrDefaultAsync(cancellationToken).ConfigureAwait(false);
        ObjectId? fileId = null;
        if (version.Onnx.Length >= InlineOnnxLimit)
            fileId = await _onnx.UploadFromBytesAsync($"{id}.onnx", version.Onnx, cancellationToken: cancellationToken).ConfigureAwait(false);
        await _versions.ReplaceOneAsync(Builders<BsonDocument>.Filter.Eq("_id", id), MongoRegistryDocuments.FromVersion(version, fileId),
            new ReplaceOptions { IsUpsert = true }, cancellationToken).ConfigureAwait(false);
        // The replaced version's GridFS file is deleted only after the new document points elsewhere.
        if (previous is not null && previous.TryGetValue(MongoRegistryDocuments.OnnxFileField, out var old) && old.IsObjectId)
            await _onnx.DeleteAsync(old.AsObjectId, cancellationToken).ConfigureAwait(false);
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
        await _rounds.InsertOneAsync(MongoRegistryDocuments.FromRound(round, NextSequence()), cancellationToken: cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<RoundRecord>> ListRoundsAsync(string federation, CancellationToken cancellationToken = default)
    {
        await EnsureIndexesAsync().ConfigureAwait(false);
        var documents = await _rounds.Find(Builders<BsonDocument>.Filter.Eq("federation", federation))
            .Sort(Builders<BsonDocument>.Sort.Ascending("seq")).ToListAsync(cancellationToken).ConfigureAwait(false);
        var rounds = new List<RoundRecord>(documents.Count);
        foreach (var document in documents) rounds.Add(MongoRegistryDocuments.ToRound(document));
        return rounds;
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
    }
}
