using FedAspire.Aggregator.Registry;
using FedAspire.Core.Federation;
using FedAspire.Core.Learning;
using FedAspire.Tests.Backends;
using MongoDB.Bson;
using MongoDB.Driver;

namespace FedAspire.Tests.Topology;

[Trait("Area", "Topology")]
public sealed class MongoModelRegistryTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static GlobalModelVersion Version(string federation, long version, float value, byte[]? onnx = null) => new(
        federation, version, version + 10, DateTimeOffset.UnixEpoch.AddMinutes(version),
        ModelSpec.DenseAutoencoder(["a", "b"], [1]), [value, 2, 3, 4, 5, 6, 1e-7f], new FeatureNormalization([1f, 2f], [3f, 4f]), 0.5f, "fedavg",
        ["f1", "f2"], 100, double.NaN, new FederatedEvaluation(2, 40, 0.25, new DetectionMetrics(1, 2, 30, 7, 0.9, 0.6)), onnx ?? [1, 2, 3, (byte)version]);

    private static RoundRecord Round(string federation, long id) => new(
        federation, id, RoundOutcome.Completed, DateTimeOffset.UnixEpoch, TimeSpan.FromSeconds(1.5), id - 1, id,
        ["f1", "f2"], [new ParticipantContribution("f1", 10, 1f, 0.5f, TimeSpan.FromMilliseconds(30))],
        [new UpdateRejection("f2", RejectionReason.Late, "no update within 1 s")], [], 10, 0.5, 0.7f, null, null);

    [Fact]
    public void Version_documents_round_trip_exactly_and_expose_queryable_fields()
    {
        var version = Version("pumps", 3, 0.1f + 1e-8f);

        var inline = MongoRegistryDocuments.FromVersion(version, onnxFileId: null);
        var back = MongoRegistryDocuments.ToVersion(BsonDocument.Parse(inline.ToJson()), MongoRegistryDocuments.InlineOnnx(inline)!);

        Assert.Equal("pumps/3", inline["_id"].AsString);
        Assert.Equal(3L, inline["version"].ToInt64());
        Assert.Equal(13L, inline["round"].ToInt64());
        Assert.Equal(version.Parameters, back.Parameters);
        Assert.Equal(version.Onnx, back.Onnx);
        Assert.True(double.IsNaN(back.TrainingLoss));
        Assert.Equal(7, back.Evaluation!.Metrics!.FalseNegatives);
        Assert.Equal(version.CreatedAt, back.CreatedAt);

        var inGridFs = MongoRegistryDocuments.FromVersion(version, ObjectId.GenerateNewId());
        Assert.Null(MongoRegistryDocuments.InlineOnnx(inGridFs));
        Assert.True(inGridFs[MongoRegistryDocuments.OnnxFileField].IsObjectId);

        var stamped = MongoRegistryDocuments.FromVersion(version with { Epoch = "e1", Fingerprint = VersionFingerprint.Of(version) }, onnxFileId: null);
        Assert.Equal(VersionFingerprint.Of(version), stamped["fingerprint"].AsString);
        Assert.Equal("e1", MongoRegistryDocuments.ToVersion(stamped, []).Epoch);

        var round = MongoRegistryDocuments.ToRound(MongoRegistryDocuments.FromRound(Round("pumps", 4), 99));
        Assert.Equal(4, round.RoundId);
        Assert.Equal(RejectionReason.Late, round.Rejections[0].Reason);
        Assert.Throws<InvalidDataException>(() => MongoRegistryDocuments.ToVersion(new BsonDocument("_id", "x"), []));
    }

    [Theory]
    [MemberData(nameof(TestMongo.Kinds), MemberType = typeof(TestMongo))]
    public async Task Versions_rounds_gridfs_and_indexes_work_against_a_real_server(string server)
    {
        await using var mongo = await TestMongo.AcquireAsync(server, Ct);
        // Through the connection string, as a silo gets it from ConnectionStrings:fedaspire.
        var registry = MongoModelRegistry.FromConnectionString(mongo.DatabaseConnectionString);
        Assert.Equal(mongo.DatabaseName, registry.Database.DatabaseNamespace.DatabaseName);

        await registry.SaveVersionAsync(Version("pumps", 1, 1f), Ct);
        await registry.SaveVersionAsync(Version("pumps", 2, 9f), Ct);
        var large = new byte[MongoModelRegistry.InlineOnnxLimit + 10];
        large[^1] = 42;
        await registry.SaveVersionAsync(Version("motes", 1, 5f, large), Ct);
        // A version number is published once: the same payload again is a no-op, another payload is refused.
        await registry.SaveVersionAsync(Version("pumps", 2, 9f), Ct);
        await Assert.ThrowsAsync<VersionConflictException>(() => registry.SaveVersionAsync(Version("pumps", 2, 8f), Ct));
        for (int i = 1; i <= 5; i++) await registry.SaveRoundAsync(Round("pumps", i), Ct);
        await registry.SaveRoundAsync(Round("pumps", 3), Ct);

        var latest = await registry.GetLatestAsync("pumps", Ct);
        Assert.Equal(2, latest!.Version);
        Assert.Equal(9f, latest.Parameters[0]);
        Assert.Equal(await registry.GetEpochAsync("pumps", Ct), latest.Epoch);
        var page = await registry.ReadRoundsAsync("pumps", 2, cancellationToken: Ct);
        Assert.Equal([4L, 5L], page.Rounds.Select(r => r.RoundId));
        Assert.Equal(4L, page.NextBefore);
        Assert.Equal([2L, 3L], (await registry.ReadRoundsAsync("pumps", 2, 4, Ct)).Rounds.Select(r => r.RoundId));
        Assert.Equal(1f, (await registry.GetVersionAsync("pumps", 1, Ct))!.Parameters[0]);
        var motes = await registry.GetLatestAsync("motes", Ct);
        Assert.Equal(large.Length, motes!.Onnx.Length);
        Assert.Equal(42, motes.Onnx[^1]);
        Assert.Null(await registry.GetLatestAsync("unknown", Ct));
        Assert.Equal([1L, 2L, 3L, 4L, 5L], (await registry.ListRoundsAsync("pumps", Ct)).Select(r => r.RoundId));

        var versionIndexes = await (await registry.Database.GetCollection<BsonDocument>(MongoModelRegistry.VersionsCollection).Indexes.ListAsync(Ct)).ToListAsync(Ct);
        Assert.True(versionIndexes.Single(i => i["name"] == "federation_version")["unique"].ToBoolean());
        var roundIndexes = await (await registry.Database.GetCollection<BsonDocument>(MongoModelRegistry.RoundsCollection).Indexes.ListAsync(Ct)).ToListAsync(Ct);
        Assert.Contains(roundIndexes, i => i["name"] == "federation_round");

        // The unique index holds on the server: a second document for pumps/2 under another _id is refused.
        var versions = registry.Database.GetCollection<BsonDocument>(MongoModelRegistry.VersionsCollection);
        var duplicate = MongoRegistryDocuments.FromVersion(Version("pumps", 2, 7f), onnxFileId: null);
        duplicate["_id"] = "pumps/2-copy";
        var refused = await Assert.ThrowsAsync<MongoWriteException>(() => versions.InsertOneAsync(duplicate, cancellationToken: Ct));
        Assert.Equal(ServerErrorCategory.DuplicateKey, refused.WriteError.Category);

        // A GridFS-held version is published once too: another payload under its number is refused and leaves one ONNX file.
        await Assert.ThrowsAsync<VersionConflictException>(() => registry.SaveVersionAsync(Version("motes", 1, 6f, large), Ct));
        var files = await registry.Database.GetCollection<BsonDocument>("onnx.files").CountDocumentsAsync(FilterDefinition<BsonDocument>.Empty, cancellationToken: Ct);
        Assert.Equal(1, files);
        Assert.Equal(5f, (await registry.GetLatestAsync("motes", Ct))!.Parameters[0]);
    }

    private static FacilityRoundPoint Point(string facility, long round) =>
        new(facility, round, round, DateTimeOffset.UnixEpoch.AddMinutes(round), 100, 0.5, 40, 0.3, 4, 5, round % 2 == 0 ? 0.6 : null, 0.02, 0.1, null);

    [Theory]
    [MemberData(nameof(TestMongo.Kinds), MemberType = typeof(TestMongo))]
    public async Task Facility_series_keep_the_newest_N_rounds_per_facility_against_a_real_server(string server)
    {
        await using var mongo = await TestMongo.AcquireAsync(server, Ct);
        var registry = MongoModelRegistry.FromConnectionString(mongo.DatabaseConnectionString, new FacilitySeriesOptions { RoundsPerFacility = 4 });
        for (long round = 1; round <= 9; round++)
            await registry.SaveFacilityRoundsAsync("pumps", [Point("plant-a", round), Point("plant b", round)], Ct);
        // A retried round is not written twice; another federation's facility of the same name is its own series.
        await registry.SaveFacilityRoundsAsync("pumps", [Point("plant-a", 9), Point("plant-a", 7)], Ct);
        await registry.SaveFacilityRoundsAsync("motes", [Point("plant-a", 1)], Ct);

        var page = await registry.ReadFacilityRoundsAsync("pumps", "plant-a", 10, cancellationToken: Ct);
        Assert.Equal([6L, 7, 8, 9], page.Rounds.Select(p => p.RoundId));
        Assert.Equal(Point("plant-a", 8), page.Rounds[2]);
        Assert.Null(page.Rounds[1].F1);
        var newest = await registry.ReadFacilityRoundsAsync("pumps", "plant b", 2, cancellationToken: Ct);
        Assert.Equal([8L, 9], newest.Rounds.Select(p => p.RoundId));
        Assert.Equal(8L, newest.NextBefore);
        Assert.Equal([6L, 7], (await registry.ReadFacilityRoundsAsync("pumps", "plant b", 2, 8, Ct)).Rounds.Select(p => p.RoundId));
        Assert.Equal([1L], (await registry.ReadFacilityRoundsAsync("motes", "plant-a", 10, cancellationToken: Ct)).Rounds.Select(p => p.RoundId));
        var stored = registry.Database.GetCollection<BsonDocument>(MongoModelRegistry.FacilityRoundsCollection);
        Assert.Equal(9, await stored.CountDocumentsAsync(FilterDefinition<BsonDocument>.Empty, cancellationToken: Ct));
        var indexes = await (await stored.Indexes.ListAsync(Ct)).ToListAsync(Ct);
        Assert.Contains(indexes, i => i["name"] == "federation_facility_round");
    }
}
