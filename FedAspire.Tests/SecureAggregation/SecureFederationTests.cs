using System.Collections;
using System.Reflection;
using System.Runtime.InteropServices;
using FedAspire.Core.Aggregation;
using FedAspire.Core.Federation;
using FedAspire.Core.Learning;
using FedAspire.Core.Privacy;
using FedAspire.Core.SecureAggregation;
using FedAspire.Devices.Federation;
using FedAspire.Tests.Federation;
using static FedAspire.Tests.SecureAggregation.SecureAggregationTestData;

namespace FedAspire.Tests.SecureAggregation;

/// <summary>
/// Secure aggregation in the live round: an in-process Orleans cluster whose aggregator grain runs the four protocol steps with
/// real facility grains, against plain FedAvg rounds over the same data and seed.
/// </summary>
[Trait("Area", "SecureAggregation")]
public sealed class SecureFederationTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_secure_round_in_a_silo_publishes_plain_FedAvg_s_model_within_the_quantization_bound()
    {
        using var dir = new TempDirectory();
        var plant = FederationTestCluster.SmallPlant(facilities: 5);
        await using var cluster = await FederationTestCluster.StartAsync(plant, dir.Sub("registry"));
        var plainDefinition = FederationTestCluster.Definition("plain", plant.FacilityIds, quorum: 3);
        await cluster.Aggregator("plain").ConfigureAsync(plainDefinition);
        var plain = await cluster.Aggregator("plain").RunRoundAsync();
        var secureDefinition = Secure(plainDefinition with { Name = "secure" }, threshold: 3);
        await cluster.Aggregator("secure").ConfigureAsync(secureDefinition);
        var secure = await cluster.Aggregator("secure").RunRoundAsync();

        Assert.Equal((RoundOutcome.Completed, RoundOutcome.Completed), (plain.Outcome, secure.Outcome));
        var report = secure.SecureAggregation!;
        Assert.Equal(plant.FacilityIds, report.Contributors);
        Assert.Empty(report.Dropped);
        Assert.Equal(3, report.Threshold);
        Assert.Equal(plain.Contributions.Select(c => (c.ParticipantId, c.Samples)), secure.Contributions.Select(c => (c.ParticipantId, c.Samples)));
        Assert.Equal(plain.Samples, report.TotalWeight);
        Assert.Equal(plain.TrainingLoss, secure.TrainingLoss, 12);
        // The documented bound m / (2 s W), with s from the round's options.
        var options = secureDefinition.SecureAggregation!.Options(5);
        Assert.Equal(new FixedPointQuantizer(options, 5).MeanErrorBound(5, report.TotalWeight), report.ErrorBound, 15);
        Assert.InRange(report.ErrorBound, 1e-7, 1e-4);

        var plainModel = (await cluster.Registry.GetLatestAsync("plain", Ct))!.Parameters;
        var secureModel = (await cluster.Registry.GetLatestAsync("secure", Ct))!.Parameters;
        double worst = MaxDifferenceBeyondRounding(secureModel, plainModel);
        Assert.True(worst <= report.ErrorBound, $"secure and plain FedAvg differ by {worst} beyond float rounding; the bound is {report.ErrorBound}");
        Assert.NotEqual(plainModel, secureModel); // quantized, so not bit-identical: the secure path really ran
        var stored = (await cluster.Registry.ListRoundsAsync("secure", Ct)).Single().SecureAggregation!;
        Assert.Equal((report.TotalWeight, report.ErrorBound, report.Threshold), (stored.TotalWeight, stored.ErrorBound, stored.Threshold));
        Assert.Equal(report.Contributors, stored.Contributors);
        Assert.Empty(stored.Dropped);
    }

    [Fact]
    public async Task Dropouts_after_sharing_keys_up_to_n_minus_t_complete_and_one_more_fails_the_round_cleanly_as_does_a_quorum_lost_in_training()
    {
        using var dir = new TempDirectory();
        var plant = FederationTestCluster.SmallPlant(facilities: 5);
        var dropouts = new DropoutFilter();
        await using var cluster = await FederationTestCluster.StartAsync(plant, dir.Sub("registry"), configureSilo: s => s.AddIncomingGrainCallFilter(dropouts));
        // Local normalization: a facility's update does not depend on who else takes part, so three facilities alone are the reference.
        var local = FederationTestCluster.Definition("secure", plant.FacilityIds, quorum: 3) with { Detection = new DetectionSettings(NormalizationMode.Local, 0.05) };
        string[] stay = ["facility-01", "facility-03", "facility-05"];
        await cluster.Aggregator("plain").ConfigureAsync(FederationTestCluster.Definition("plain", stay, quorum: 3) with { Detection = local.Detection });
        var plain = await cluster.Aggregator("plain").RunRoundAsync();
        var aggregator = cluster.Aggregator("secure");
        await aggregator.ConfigureAsync(Secure(local, threshold: 3));

        dropouts.Dropping = ["facility-02", "facility-04"]; // n - t = 2 drop after sharing their keys
        var survived = await aggregator.RunRoundAsync();
        dropouts.Dropping = ["facility-02", "facility-03", "facility-04"]; // one more
        var failed = await aggregator.RunRoundAsync();
        dropouts.Dropping = [];
        var after = await aggregator.RunRoundAsync();
        dropouts.Step = nameof(ISecureAggregationParticipant.TrainSecurelyAsync); // before any key is shared: the quorum decides
        dropouts.Dropping = ["facility-01", "facility-02", "facility-03"];
        var tooFew = await aggregator.RunRoundAsync();

        Assert.Equal(RoundOutcome.Completed, survived.Outcome);
        Assert.Equal(stay, survived.SecureAggregation!.Contributors);
        Assert.Equal(["facility-02", "facility-04"], survived.SecureAggregation.Dropped);
        Assert.Equal(stay, survived.Contributions.Select(c => c.ParticipantId));
        Assert.Equal(["facility-02", "facility-04"], survived.Failures.Select(f => f.ParticipantId).Order(StringComparer.Ordinal));
        Assert.All(survived.Failures, f => Assert.Contains("secure masked-input", f.Error, StringComparison.Ordinal));
        var plainModel = (await cluster.Registry.GetVersionAsync("plain", 1, Ct))!.Parameters;
        var secureModel = (await cluster.Registry.GetVersionAsync("secure", 1, Ct))!.Parameters;
        double worst = MaxDifferenceBeyondRounding(secureModel, plainModel);
        Assert.True(worst <= survived.SecureAggregation.ErrorBound, $"the secure model is {worst} away from FedAvg of the three that stayed");
        Assert.Equal(RoundOutcome.Completed, plain.Outcome);

        Assert.Equal(RoundOutcome.Failed, failed.Outcome);
        Assert.Equal("secure aggregation failed: Only 2 of 5 participants sent their masked input; secure aggregation needs the threshold of 3.", failed.FailureReason);
        Assert.Equal((1L, 1L), (failed.BaseVersion, failed.Version));
        Assert.Empty(failed.Contributions);
        Assert.Null(failed.SecureAggregation);

        Assert.Equal(RoundOutcome.Completed, after.Outcome);
        Assert.Equal(2, after.Version);
        Assert.Equal(plant.FacilityIds, after.SecureAggregation!.Contributors);
        Assert.Equal(RoundOutcome.Failed, tooFew.Outcome);
        Assert.Equal("quorum not reached: 2 accepted of 3 needed", tooFew.FailureReason);
        Assert.Equal(["facility-04", "facility-05"], tooFew.Contributions.Select(c => c.ParticipantId));
        var status = await aggregator.GetStatusAsync();
        Assert.Equal((4L, 2L, 2L), (status.Round, status.RoundsCompleted, status.RoundsFailed));
        Assert.Equal(failed.FailureReason, (await cluster.Registry.ListRoundsAsync("secure", Ct))[1].FailureReason);
    }

    [Theory]
    [InlineData(31, "is 31 bytes; an X25519 public key is 32")]
    [InlineData(32, "is a low-order point: every secret agreed with it is the same known value")]
    public async Task A_facility_advertising_an_unusable_key_is_rejected_by_name_and_the_round_completes_without_it(int length, string problem)
    {
        using var dir = new TempDirectory();
        var plant = FederationTestCluster.SmallPlant(facilities: 5);
        await using var cluster = await FederationTestCluster.StartAsync(plant, dir.Sub("registry"),
            configureSilo: s => s.AddIncomingGrainCallFilter(new AdvertisedKeyFilter("facility-03", new byte[length])));
        await cluster.Aggregator("secure").ConfigureAsync(Secure(FederationTestCluster.Definition("secure", plant.FacilityIds, quorum: 3), threshold: 3));

        var record = await cluster.Aggregator("secure").RunRoundAsync();

        Assert.Equal(RoundOutcome.Completed, record.Outcome);
        var rejection = Assert.Single(record.Rejections);
        Assert.Equal(("facility-03", RejectionReason.SecureProtocol), (rejection.ParticipantId, rejection.Reason));
        Assert.Equal($"The mask public key advertised by facility-03 {problem}.", rejection.Detail);
        Assert.Equal(["facility-01", "facility-02", "facility-04", "facility-05"], record.SecureAggregation!.Contributors);
        Assert.Empty(record.Failures);
    }

    [Fact]
    public async Task No_message_the_aggregator_grain_receives_in_a_secure_round_holds_an_unmasked_update()
    {
        using var dir = new TempDirectory();
        var plant = FederationTestCluster.SmallPlant(facilities: 4);
        var inbox = new AggregatorInbox();
        await using var cluster = await FederationTestCluster.StartAsync(plant, dir.Sub("registry"),
            configureSilo: s => s.AddIncomingGrainCallFilter(inbox).AddOutgoingGrainCallFilter(inbox));
        var definition = Secure(FederationTestCluster.Definition("secure", plant.FacilityIds, quorum: 3), threshold: 3);
        await cluster.Aggregator("secure").ConfigureAsync(definition);
        var record = await cluster.Aggregator("secure").RunRoundAsync();
        Assert.Equal(RoundOutcome.Completed, record.Outcome);
        var published = (await cluster.Registry.GetLatestAsync("secure", Ct))!.Parameters;

        // Replay each facility's training from the instruction the aggregator sent: training is deterministic by seed, so these are the
        // very updates that were masked, as the secure mean shows (it equals their FedAvg within the bound).
        var instructions = inbox.Sent.Select(s => s.Argument).OfType<RoundInstruction>().ToList();
        Assert.Equal(4, instructions.Count);
        var instruction = instructions[0];
        var updates = new List<ClientUpdate>();
        foreach (var contribution in record.Contributions)
        {
            var update = await cluster.Client.GetGrain<IFacilityGrain>(contribution.ParticipantId).TrainAsync(instruction, Ct);
            updates.Add(new ClientUpdate(contribution.ParticipantId, update.Parameters, contribution.Samples));
        }
        Assert.InRange(MaxError(published, ExactMean(updates)), double.NegativeInfinity, record.SecureAggregation!.ErrorBound);

        var received = inbox.Received.Where(r => r.Federation == "secure").ToList();
        Assert.Equal(4, received.Count(r => r.Message is MaskedInputMessage));
        Assert.Equal(4, received.Count(r => r.Message is SecureTrainingReply));
        Assert.DoesNotContain(received, r => r.Message is ParticipantUpdate);
        var quantizer = new FixedPointQuantizer(definition.SecureAggregation!.Options(4), 4);
        var blobs = received.SelectMany(r => Blobs(r.Message, 0)).ToList();
        Assert.Contains(blobs, b => b.Length == 4 * (published.Length + 1)); // the masked vectors were scanned
        foreach (var update in updates)
        {
            var quantized = new uint[update.Parameters.Length + 1];
            quantizer.Quantize(update.Parameters, update.SampleCount, quantized);
            // Any two consecutive parameters, as floats or quantized, anywhere in anything received (two zeros say nothing: the
            // biases of units that never fired stay at their initial 0, and zero counts fill every histogram).
            for (int i = 0; i + 1 < update.Parameters.Length; i++)
            {
                if (update.Parameters[i] == 0 && update.Parameters[i + 1] == 0) continue;
                byte[] asFloats = MemoryMarshal.AsBytes(update.Parameters.AsSpan(i, 2)).ToArray();
                byte[] asQuantized = MemoryMarshal.AsBytes(quantized.AsSpan(i, 2)).ToArray();
                Assert.DoesNotContain(blobs, b => b.AsSpan().IndexOf(asFloats) >= 0 || b.AsSpan().IndexOf(asQuantized) >= 0);
            }
        }
    }

    [Theory]
    [InlineData("fedmedian")]
    [InlineData("trimmed-mean")]
    [InlineData("krum")]
    [InlineData("multi-krum")]
    public void Secure_aggregation_with_a_robust_strategy_is_refused_naming_the_strategy(string strategy)
    {
        var definition = Secure(FederationTestCluster.Definition("pumps", ["a", "b", "c"], quorum: 3, strategy: strategy), threshold: 0);
        var refused = Assert.Throws<ArgumentException>(definition.Validate);
        Assert.Equal($"Federation 'pumps': Strategy: secure aggregation hides the individual updates that strategy '{strategy}' needs; " +
            $"use a mean-based one (fedavg, fedprox, fedavgm, fedadam, fedyogi, fedadagrad).", refused.Message);

        var options = new FederationOptions { Strategy = new StrategyOptions(strategy), NormBound = 0, SecureAggregation = new SecureAggregationSettings { Enabled = true } };
        Assert.Equal([$"FedAspire:Federation:Strategy: secure aggregation hides the individual updates that strategy '{strategy}' needs; " +
            $"use a mean-based one (fedavg, fedprox, fedavgm, fedadam, fedyogi, fedadagrad)."], FederationOptionsValidator.Problems(options, null));
    }

    [Fact]
    public async Task The_aggregator_grain_refuses_a_secure_definition_with_a_robust_strategy_and_start_up_refuses_norm_screening_and_central_privacy()
    {
        using var dir = new TempDirectory();
        var plant = FederationTestCluster.SmallPlant();
        await using var cluster = await FederationTestCluster.StartAsync(plant, dir.Sub("registry"), silos: 1);
        var robust = Secure(FederationTestCluster.Definition("robust", plant.FacilityIds, quorum: 3, strategy: "krum"), threshold: 0);
        var refused = await Assert.ThrowsAsync<ArgumentException>(() => cluster.Aggregator("robust").ConfigureAsync(robust));
        Assert.Contains("strategy 'krum'", refused.Message, StringComparison.Ordinal);
        Assert.False((await cluster.Aggregator("robust").GetStatusAsync()).Configured);

        var screened = new FederationOptions { SecureAggregation = new SecureAggregationSettings { Enabled = true, Neighbours = 3, ClipRange = -1 },
            Privacy = new PrivacyOptions { Mode = PrivacyOptions.Central } };
        Assert.Equal([
            "FedAspire:Federation:SecureAggregation:Neighbours: must be 0 (everyone) or an even number of at least 2, got 3.",
            "FedAspire:Federation:SecureAggregation:ClipRange: must be positive and finite, got -1.",
            "FedAspire:Federation:NormBound: secure aggregation hides the individual updates that the norm bound of 100 screens; set it to 0.",
            "FedAspire:Federation:Privacy:Mode: central privacy clips every update on the server, which secure aggregation never sees; use local privacy (each facility noises its own update before masking it).",
        ], FederationOptionsValidator.Problems(screened, null));
        // Too few participants to protect anyone, named at configuration.
        var two = Secure(FederationTestCluster.Definition("two", ["a", "b"], quorum: 2), threshold: 0);
        Assert.Equal("Federation 'two': secure aggregation: Secure aggregation needs at least 3 participants; 2 advertised keys. (a federation of 2 participants)",
            Assert.Throws<ArgumentException>(two.Validate).Message);
    }

    private static FederationDefinition Secure(FederationDefinition definition, int threshold) =>
        definition with { SecureAggregation = new SecureAggregationSettings { Enabled = true, Threshold = threshold } };

    // Every byte string, float, double, integer and uint array inside a received message, as bytes.
    private static IEnumerable<byte[]> Blobs(object? message, int depth)
    {
        switch (message)
        {
            case null or string or ValueType:
                yield break;
            case byte[] bytes:
                yield return bytes;
                yield break;
            case float[] v: yield return MemoryMarshal.AsBytes(v.AsSpan()).ToArray(); yield break;
            case double[] v: yield return MemoryMarshal.AsBytes(v.AsSpan()).ToArray(); yield break;
            case uint[] v: yield return MemoryMarshal.AsBytes(v.AsSpan()).ToArray(); yield break;
            case int[] v: yield return MemoryMarshal.AsBytes(v.AsSpan()).ToArray(); yield break;
            case long[] v: yield return MemoryMarshal.AsBytes(v.AsSpan()).ToArray(); yield break;
        }
        if (depth > 8) yield break;
        if (message is IEnumerable items)
        {
            foreach (var item in items)
                foreach (var blob in Blobs(item, depth + 1)) yield return blob;
            yield break;
        }
        foreach (var property in message.GetType().GetProperties(BindingFlags.Public | BindingFlags.Instance).Where(p => p.GetIndexParameters().Length == 0))
            foreach (var blob in Blobs(property.GetValue(message), depth + 1)) yield return blob;
    }
}
