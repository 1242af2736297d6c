using OpenTelemetry.Trace;

namespace FedAspire.ServiceDefaults.Diagnostics;

/// <summary>
/// Root sampler that drops traces which would start at an Orleans grain call (span names "IGrainInterface/Method").
/// </summary>
/// <remarks>
/// Used under <see cref="ParentBasedSampler"/>, so every span inside a sampled trace (an HTTP request, a federated round) is
/// kept, grain calls included. What it drops are the calls nobody traced upstream: telemetry ingestion into device grains
/// (one call per batch), membership and other runtime calls. With them, a few hundred records per second filled the Aspire
/// dashboard's trace limit within minutes and buried the one trace per round that matters.
/// </remarks>
public sealed class GrainCallRootSampler : Sampler
{
    /// <summary>The sampler the service defaults install: parent-based, with this one for roots.</summary>
    public static Sampler ParentBased { get; } = new ParentBasedSampler(new GrainCallRootSampler());

    /// <inheritdoc />
    public override SamplingResult ShouldSample(in SamplingParameters samplingParameters) =>
        IsGrainCall(samplingParameters.Name) ? new SamplingResult(SamplingDecision.Drop) : new SamplingResult(SamplingDecision.RecordAndSample);

    /// <summary>True for Orleans' grain call span names ("IDeviceGrain/IngestAsync"); HTTP, FedAspire and other spans have no '/' when they start.</summary>
    public static bool IsGrainCall(string name) => name.Length > 0 && name[0] != '/' && name.Contains('/', StringComparison.Ordinal);
}
