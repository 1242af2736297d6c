namespace FedAspire.Core.Aggregation;

/// <summary>One applied server step of a <see cref="BufferedAsyncAggregator"/>.</summary>
/// <param name="Version">The server version after the step.</param>
/// <param name="Updates">Buffered updates the step applied.</param>
/// <param name="Samples">Their sample counts summed.</param>
/// <param name="MeanStaleness">Mean tau of the buffered updates.</param>
/// <param name="MaxStaleness">Largest tau among them.</param>
[GenerateSerializer, Immutable]
public sealed record BufferedStep(
    [property: Id(0)] long Version,
    [property: Id(1)] int Updates,
    [property: Id(2)] long Samples,
    [property: Id(3)] double MeanStaleness,
    [property: Id(4)] long MaxStaleness);
