namespace FedAspire.Core.Federation.Remote;

/// <summary>
/// A remote facility's answer (JSON body of <c>POST .../remote/{facility}/results/{round}</c>): exactly the section of its
/// work's kind. Only parameters, counts, summaries and metrics: never a raw reading.
/// </summary>
[GenerateSerializer, Immutable]
public sealed record RemoteResultDocument(
    [property: Id(0)] RemoteWorkKind Kind,
    [property: Id(1)] RemoteUpdate? Update = null,
    [property: Id(2)] RemoteFeatureStatistics? Statistics = null,
    [property: Id(3)] RemoteScoreHistogram? Scores = null,
    [property: Id(4)] RemoteEvaluation? Evaluation = null);
