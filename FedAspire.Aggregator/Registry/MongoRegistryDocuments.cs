using System.Text.Json;
using FedAspire.Core.Federation;
using MongoDB.Bson;

namespace FedAspire.Aggregator.Registry;

/// <summary>
/// The BSON shape of registry documents. The queryable facts (federation, version, round, time, strategy, threshold, samples,
/// participants) are top-level fields; the full record is kept as its registry JSON in <c>document</c>, so parameters, spec and
/// evaluation round-trip bit for bit (the same JSON the file registry writes, NaN included).
/// </summary>
public static class MongoRegistryDocuments
{
    /// <summary>Field holding the ONNX bytes when stored inline.</summary>
    public const string OnnxField = "onnx";

    /// <summary>Field holding the GridFS file id when the ONNX export is too large to inline.</summary>
    public const string OnnxFileField = "onnxFileId";

    /// <summary>The version document; <paramref name="onnxFileId"/> set = ONNX in GridFS, else inline.</summary>
    public static BsonDocument FromVersion(GlobalModelVersion version, ObjectId? onnxFileId)
    {
        ArgumentNullException.ThrowIfNull(version);
        var document = new BsonDocument
        {
            ["_id"] = VersionId(version.Federation, version.Version),
            ["federation"] = version.Federation,
            ["version"] = version.Version,
            ["round"] = version.Round,
            ["createdAt"] = version.CreatedAt.UtcDateTime,
            ["strategy"] = version.Strategy,
            ["threshold"] = (double)version.Threshold,
            ["samples"] = version.Samples,
            ["participants"] = new BsonArray(version.Participants),
            ["onnxBytes"] = version.Onnx.Length,
            ["fingerprint"] = version.Fingerprint is { } f ? f : BsonNull.Value,
            ["epoch"] = version.Epoch is { } e ? e : BsonNull.Value,
            ["document"] = JsonSerializer.Serialize(version with { Onnx = [] }, FileModelRegistry.JsonOptions),
        };
        if (onnxFileId is { } id) document[OnnxFileField] = id;
        else document[OnnxField] = new BsonBinaryData(version.Onnx);
        return document;
    }

    /// <summary>The version stored in <paramref name="document"/> with <paramref name="onnx"/> (read inline or from GridFS by the caller).</summary>
    public static GlobalModelVersion ToVersion(BsonDocument document, byte[] onnx)
    {
        ArgumentNullException.ThrowIfNull(document);
        var json = document.GetValue("document", BsonNull.Value);
        if (!json.IsString) throw new InvalidDataException($"Registry document '{document.GetValue("_id", BsonNull.Value)}' has no 'document' field.");
        var version = JsonSerializer.Deserialize<GlobalModelVersion>(json.AsString, FileModelRegistry.JsonOptions)
            ?? throw new InvalidDataException($"Registry document '{document["_id"]}' holds an empty version.");
        return version with { Onnx = onnx };
    }

    /// <summary>The inline ONNX bytes, or null when the document points to GridFS.</summary>
    public static byte[]? InlineOnnx(BsonDocument document) =>
        document.TryGetValue(OnnxField, out var value) && value.IsBsonBinaryData ? value.AsBsonBinaryData.Bytes : null;

    /// <summary>The round document (history order is the insertion order, kept by <c>seq</c>).</summary>
    public static BsonDocument FromRound(RoundRecord round, long sequence)
    {
        ArgumentNullException.ThrowIfNull(round);
        return new BsonDocument
        {
            ["federation"] = round.Federation,
            ["round"] = round.RoundId,
            ["seq"] = sequence,
            ["outcome"] = round.Outcome.ToString(),
            ["startedAt"] = round.StartedAt.UtcDateTime,
            ["document"] = JsonSerializer.Serialize(round, FileModelRegistry.JsonOptions),
        };
    }

    /// <summary>The round stored in <paramref name="document"/>.</summary>
    public static RoundRecord ToRound(BsonDocument document) => Stored<RoundRecord>(document, "Round");

    // The record kept as registry JSON in the document's 'document' field.
    private static T Stored<T>(BsonDocument document, string kind)
    {
        ArgumentNullException.ThrowIfNull(document);
        var json = document.GetValue("document", BsonNull.Value);
        if (!json.IsString) throw new InvalidDataException($"{kind} document '{document.GetValue("_id", BsonNull.Value)}' has no 'document' field.");
        return JsonSerializer.Deserialize<T>(json.AsString, FileModelRegistry.JsonOptions)
            ?? throw new InvalidDataException($"{kind} document '{document["_id"]}' is empty.");
    }

    /// <summary>The version document id, <c>federation/version</c>.</summary>
    public static string VersionId(string federation, long version) => $"{federation}/{version}";

    /// <summary>A facility's series point; the _id (federation, facility, round) refuses a second copy.</summary>
    public static BsonDocument FromFacilityRound(string federation, FacilityRoundPoint point)
    {
        ArgumentNullException.ThrowIfNull(point);
        return new BsonDocument
        {
            ["_id"] = $"{federation}/{point.Facility}/{point.RoundId}",
            ["federation"] = federation,
            ["facility"] = point.Facility,
            ["round"] = point.RoundId,
            ["document"] = JsonSerializer.Serialize(point, FileModelRegistry.JsonOptions),
        };
    }

    /// <summary>The series point stored in <paramref name="document"/>.</summary>
    public static FacilityRoundPoint ToFacilityRound(BsonDocument document) => Stored<FacilityRoundPoint>(document, "Series");
}
