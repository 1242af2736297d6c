using FedAspire.Core.Learning;

namespace FedAspire.Core.Federation.Remote;

/// <summary>Held-out loss and detection metrics: the answer to <see cref="RemoteWorkKind.Evaluate"/>.</summary>
[GenerateSerializer, Immutable]
public sealed record RemoteEvaluation(
    [property: Id(0)] long Samples,
    [property: Id(1)] double Loss,
    [property: Id(2)] DetectionMetrics? Metrics);
