using FedAspire.Aggregator.Evaluation;
using FedAspire.Aggregator.Telemetry;
using FedAspire.Core.Aggregation;
using FedAspire.Core.Claims;
using FedAspire.Core.Federation;
using FedAspire.Core.Learning;
using FedAspire.Core.Onnx;
using FedAspire.Core.Privacy;
using FedAspire.Scoring;

namespace FedAspire.Aggregator.Rounds;

/// <summary>
/// One federated round, one method per phase: sample, train (gather and screen), aggregate, calibrate, export, evaluate. The
/// strategy configures and aggregates each step; claims bound every participant's numbers; rejections collect across phases. The
/// aggregator grain keeps the timer, the checkpointed state, privacy accounting, publishing and persistence.
/// </summary>
public sealed class FederatedRound(string federation, long roundId, FederationDefinition definition, IAggregationStrategy strategy,
    Func<string, IFacilityGrain> participant, Func<string, bool> isRemote, ClaimScreen claims, List<UpdateRejection> rejections)
{
    /// <summary>Rejections of this round so far (the caller's list, with what model initialization rejected), in the order the phases made them.</summary>
    public List<UpdateRejection> Rejections => rejections;

    /// <summary>The round's id.</summary>
    public long RoundId => roundId;

    /// <summary>Who trains: the strategy's configure_fit over the available participants.</summary>
    public IReadOnlyList<string> Sample(IReadOnlyList<string> available) =>
        strategy.ConfigureFit(roundId, available, new ParticipantSampling(definition.Schedule.SamplingFraction, definition.Schedule.MinParticipants),
            definition.Training.Seed);

    /// <summary>
    /// Sends <paramref name="instruction"/> to the sampled participants, waits until the deadline, screens every update (shape,
    /// norm, claims), noises remote facilities' updates under local privacy, and credits each accepted update. A secure federation
    /// runs the <see cref="SecureAggregationExchange"/> instead and gets the contributors' mean, never an update on its own.
    /// </summary>
    public async Task<TrainingOutcome> TrainAsync(IReadOnlyList<string> sampled, RoundInstruction instruction)
    {
        ArgumentNullException.ThrowIfNull(instruction);
        if (definition.IsSecure)
            return await new SecureAggregationExchange(federation, roundId, definition, participant, claims, Rejections).RunAsync(sampled, instruction);
        var global = instruction.GlobalParameters;
        var privacy = definition.PrivacyOrDefault;
        GatherResult<ParticipantUpdate> gathered;
        using (FederationTelemetry.Source.StartActivity("federation.train"))
            gathered = await DeadlineGather.RunAsync(sampled, (id, ct) => participant(id).TrainAsync(instruction, ct), definition.Schedule.Deadline);

        var validator = new UpdateValidator(global.Length, definition.Schedule.NormBound > 0 ? definition.Schedule.NormBound : double.PositiveInfinity);
        var accepted = new List<(ParticipantUpdate Update, TimeSpan ResponseTime)>();
        foreach (var (id, update, responseTime) in gathered.Responses)
        {
            if (UpdateScreening.Screen(update, id, roundId, global, validator, definition.ClaimsOrDefault) is { } rejection) Rejections.Add(rejection);
            else accepted.Add((update with { ParticipantId = id }, responseTime));
        }
        if (privacy.IsLocal)
        {
            // Remote facilities run their own code, and their work document does not carry the privacy settings: the aggregator noises
            // their updates on receipt, so everything it publishes keeps the local guarantee (though it saw these updates in the clear).
            for (int i = 0; i < accepted.Count; i++)
                if (isRemote(accepted[i].Update.ParticipantId))
                    accepted[i] = (accepted[i].Update with { Parameters = DifferentialPrivacy.Privatize(global, accepted[i].Update.Parameters, privacy,
                        DifferentialPrivacy.NoiseSeed(privacy, roundId, accepted[i].Update.ParticipantId)) }, accepted[i].ResponseTime);
        }
        foreach (var late in gathered.Late)
            Rejections.Add(new UpdateRejection(late, RejectionReason.Late, $"no update within the {definition.Schedule.Deadline.TotalSeconds:0.###} s deadline"));
        var failures = gathered.Failures.Select(f => new ParticipantFailure(f.Participant, f.Error)).ToList();
        // Arrival order depends on scheduling; aggregating in id order keeps runs bit-identical for a seed.
        accepted.Sort((a, b) => string.CompareOrdinal(a.Update.ParticipantId, b.Update.ParticipantId));
        // Each update weighs what the server credits it with (capped by history, registration and share), never what it claims.
        var credited = claims.CreditTraining(accepted.Select(a => (a.Update.ParticipantId, a.Update.SampleCount)).ToList());
        var contributions = accepted.Select((a, i) => new ParticipantContribution(
            a.Update.ParticipantId, credited[i], a.Update.InitialLoss, a.Update.FinalLoss, a.ResponseTime, a.Update.SampleCount)).ToList();
        return new TrainingOutcome([.. accepted.Select(a => a.Update)], credited, contributions, failures, gathered.Responses.Count > 0);
    }

    /// <summary>
    /// The strategy's aggregate_fit over the credited updates (under central privacy over the one noisy mean of the clipped updates,
    /// after <paramref name="spendCentralPrivacy"/>; in a secure round over the unmasked mean with its total weight); throws when the
    /// strategy returns a wrong or non-finite vector.
    /// </summary>
    public float[] Aggregate(float[] global, TrainingOutcome training, Action spendCentralPrivacy)
    {
        ArgumentNullException.ThrowIfNull(global);
        ArgumentNullException.ThrowIfNull(training);
        ArgumentNullException.ThrowIfNull(spendCentralPrivacy);
        var privacy = definition.PrivacyOrDefault;
        // Mean-based strategies only need the mean and its weight: the secure sum stands in for the updates it hides.
        var updates = training.SecureMean is { } mean
            ? [new ClientUpdate("secure-aggregate", mean, training.Samples)]
            : training.Accepted.Select((u, i) => new ClientUpdate(u.ParticipantId, u.Parameters, training.Credited[i])).ToList();
        if (privacy.IsCentral)
        {
            // Central DP: the strategy sees only the noisy mean of the clipped updates; spent from here on (calibration sends it out).
            updates = [DifferentialPrivacy.CentralMean(global, updates, privacy, DifferentialPrivacy.NoiseSeed(privacy, roundId, federation))];
            spendCentralPrivacy();
        }
        var parameters = strategy.Aggregate(global, updates);
        if (parameters.Length != global.Length || !parameters.All(float.IsFinite))
            throw new InvalidOperationException($"strategy '{strategy.Name}' produced {parameters.Length} parameters with non-finite values");
        return parameters;
    }

    /// <summary>
    /// Calibrates the candidate model: every contributor scores its calibration windows (normal data no model trained on) and returns
    /// a histogram and its own conformal threshold; the federation's threshold is the conformal one over all of them.
    /// </summary>
    public async Task<ModelCalibration> CalibrateAsync(float[] parameters, FeatureNormalization normalization, IReadOnlyList<string> contributors)
    {
        using var activity = FederationTelemetry.Source.StartActivity("federation.calibrate");
        var instruction = new ScoreSummaryInstruction(federation, roundId, definition.Spec, parameters, normalization,
            ScoreHistogram.Create(), definition.WindowStride, definition.DetectionOrDefault);
        var gathered = await DeadlineGather.RunAsync(contributors,
            (id, ct) => participant(id).SummarizeScoresAsync(instruction, ct), definition.Schedule.Deadline);
        // A summary is credited to the participant that was asked, whatever id it carries; counts are bounded before merging and
        // the merged threshold is clamped so that no single participant sets it.
        var bounded = claims.BoundCalibration(gathered.Responses.Select(r => r.Value with { ParticipantId = r.Participant }), Rejections);
        return CalibrationBounds.Clamp(ModelCalibration.Merge(bounded, definition.DetectionOrDefault, instruction.Histogram), bounded);
    }

    /// <summary>The candidate as version <paramref name="version"/>'s ONNX export, with its calibration in the metadata.</summary>
    public byte[] Export(long version, float[] parameters, FeatureNormalization normalization, ModelCalibration calibration)
    {
        ArgumentNullException.ThrowIfNull(calibration);
        using var activity = FederationTelemetry.Source.StartActivity("federation.export");
        return OnnxExporter.Export(definition.Spec, parameters, normalization,
            new OnnxExportMetadata(federation, version, checked((int)roundId), calibration.Threshold, Calibration: calibration));
    }

    /// <summary>
    /// The federated evaluation: the participants the strategy configures score their held-out windows with the ONNX export at their
    /// calibrated thresholds; counts are bounded by claims and merged by the strategy's aggregate_evaluate. Answers the merge and the
    /// bounded evaluations it merged (each facility's series point is made from its bounded one).
    /// </summary>
    public async Task<(FederatedEvaluation Pooled, IReadOnlyList<ParticipantEvaluation> Bounded)> EvaluateAsync(long version, byte[] onnx, ModelCalibration calibration, IReadOnlyList<string> contributors)
    {
        ArgumentNullException.ThrowIfNull(calibration);
        using var activity = FederationTelemetry.Source.StartActivity("federation.evaluate");
        var instruction = new EvaluationInstruction(federation, roundId, version, definition.Spec, onnx, calibration.Threshold, definition.WindowStride,
            definition.DetectionOrDefault, calibration.ThresholdsByParticipant());
        var gathered = await DeadlineGather.RunAsync(strategy.ConfigureEvaluate(roundId, contributors),
            (id, ct) => participant(id).EvaluateAsync(instruction, ct), definition.Schedule.Deadline);
        // Each participant's confusion counts weigh at most its credited (share-capped) windows.
        var evaluations = claims.BoundEvaluations(gathered.Responses.Select(r => r.Value with { ParticipantId = r.Participant }), Rejections);
        return (strategy.AggregateEvaluate(evaluations), evaluations);
    }

    /// <summary>
    /// Scores the export on the server-side sets registered for this federation; null without one. Only under global normalization:
    /// the server's own set has no training rows to standardize with.
    /// </summary>
    public async Task<FederatedEvaluation?> CentralEvaluateAsync(byte[] onnx, float threshold, IEnumerable<ICentralEvaluationData> sources)
    {
        ArgumentNullException.ThrowIfNull(sources);
        if (definition.DetectionOrDefault.Normalization != NormalizationMode.Global) return null;
        FederatedEvaluation? result = null;
        foreach (var source in sources)
        {
            if (await source.LoadAsync(federation, definition.Spec, definition.WindowStride, CancellationToken.None) is not { Count: > 0 } set) continue;
            using var activity = FederationTelemetry.Source.StartActivity("federation.evaluate.central");
            using var scorer = new OnnxScorer(onnx);
            var scores = scorer.ScoreWindows(set.Raw, set.Mask, set.Count);
            double loss = 0;
            foreach (var score in scores) loss += score;
            result = FederatedEvaluation.Merge([new ParticipantEvaluation("server", 0, scores.Length, loss / scores.Length,
                DetectionMetrics.Compute(scores, set.Labels, threshold))]);
        }
        return result;
    }
}
