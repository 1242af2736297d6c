using System.Diagnostics;
using FedAspire.ServiceDefaults.Diagnostics;
using OpenTelemetry.Trace;

namespace FedAspire.Tests.Telemetry;

/// <summary>The service defaults' sampler: grain calls nobody traced start no trace; rounds, requests and everything inside a sampled trace are kept.</summary>
[Trait("Area", "Telemetry")]
public sealed class GrainCallRootSamplerTests
{
    private static SamplingDecision Decide(string name, ActivityContext parent = default) =>
        GrainCallRootSampler.ParentBased.ShouldSample(new SamplingParameters(parent, ActivityTraceId.CreateRandom(), name, ActivityKind.Internal)).Decision;

    [Theory]
    [InlineData("IDeviceGrain/IngestAsync")]
    [InlineData("IMembershipService/MembershipChangeNotification")]
    public void A_grain_call_without_a_traced_caller_starts_no_trace(string name) =>
        Assert.Equal(SamplingDecision.Drop, Decide(name));

    [Theory]
    [InlineData("federation.round")]
    [InlineData("Microsoft.AspNetCore.Hosting.HttpRequestIn")]
    [InlineData("System.Net.Http.HttpRequestOut")]
    [InlineData("analytics.score.batch")]
    public void Rounds_requests_and_own_spans_start_traces(string name) =>
        Assert.Equal(SamplingDecision.RecordAndSample, Decide(name));

    [Fact]
    public void A_grain_call_inside_a_sampled_trace_is_kept_and_inside_an_unsampled_one_is_dropped()
    {
        var sampled = new ActivityContext(ActivityTraceId.CreateRandom(), ActivitySpanId.CreateRandom(), ActivityTraceFlags.Recorded, isRemote: true);
        var unsampled = new ActivityContext(ActivityTraceId.CreateRandom(), ActivitySpanId.CreateRandom(), ActivityTraceFlags.None, isRemote: true);
        Assert.Equal(SamplingDecision.RecordAndSample, Decide("IFacilityGrain/TrainAsync", sampled));
        Assert.Equal(SamplingDecision.Drop, Decide("IFacilityGrain/TrainAsync", unsampled));
    }
}
