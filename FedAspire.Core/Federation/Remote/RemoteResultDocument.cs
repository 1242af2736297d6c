using FedAspire.Core.SecureAggregation;

namespace FedAspire.Core.Federation.Remote;

/// <summary>
/// A remote facility's answer (JSON body of <c>POST .../remote/{facility}/results/{round}</c>): exactly the section of its
/// work's kind. Only parameters, counts, summaries and metrics (in a secure round: keys, encrypted shares, the masked update and
/// revealed shares instead of parameters): never a raw reading.
/// </summary>
[GenerateSerializer, Immutable]
public sealed record RemoteResultDocument(
    [property: Id(0)] RemoteWorkKind Kind,
    [property: Id(1)] RemoteUpdate? Update = null,
    [property: Id(2)] RemoteFeatureStatistics? Statistics = null,
    [property: Id(3)] RemoteScoreHistogram? Scores = null,
    [property: Id(4)] RemoteEvaluation? Evaluation = null,
    [property: Id(5)] SecureTrainingReply? SecureTraining = null,
    [property: Id(6)] ShareKeysMessage? ShareKeys = null,
    [property: Id(7)] MaskedInputMessage? MaskedInput = null,
    [property: Id(8)] UnmaskingResponse? Unmasking = null);
