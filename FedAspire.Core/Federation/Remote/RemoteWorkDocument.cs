using FedAspire.Core.Federation;
using FedAspire.Core.Learning;
using FedAspire.Core.SecureAggregation;

namespace FedAspire.Core.Federation.Remote;

/// <summary>
/// One parked instruction as the remote client receives it (JSON from <c>GET .../remote/{facility}/work</c>): the kind, the round,
/// and only the fields that kind needs. The global model travels as spec + parameters (+ ONNX for evaluation).
/// </summary>
/// <param name="Federation">Federation name; null for <see cref="RemoteWorkKind.SummarizeFeatures"/>, whose call does not name it.</param>
/// <param name="Kind">What to do.</param>
/// <param name="RoundId">Round the answer belongs to (0 for feature statistics, asked before round 1); the result is posted to <c>results/{RoundId}</c>.</param>
/// <param name="GlobalVersion">Version of <paramref name="Parameters"/> (training) or of <paramref name="OnnxModel"/> (evaluation).</param>
/// <param name="Spec">Model spec (training, scores, evaluation).</param>
/// <param name="Parameters">Global parameters to train from (training) or candidate parameters to score (scores).</param>
/// <param name="Normalization">Federation-wide normalization (training, scores).</param>
/// <param name="Training">Local training options (training).</param>
/// <param name="WindowStride">Step between windows.</param>
/// <param name="Features">Feature names to summarize (feature statistics).</param>
/// <param name="HistogramLower">Lower edge of the shared score histogram (scores).</param>
/// <param name="HistogramUpper">Upper edge of the shared score histogram (scores).</param>
/// <param name="HistogramBins">Bin count of the shared score histogram (scores).</param>
/// <param name="OnnxModel">The version's ONNX export (evaluation).</param>
/// <param name="Threshold">The federation's anomaly threshold (evaluation).</param>
/// <param name="Detection">Normalization mode, false-alarm target and calibration share (training, scores, evaluation).</param>
/// <param name="ParticipantThreshold">This facility's calibrated threshold (evaluation; NaN: use <paramref name="Threshold"/>).</param>
/// <param name="NormBound">The federation's bound on ||update - global||_2 (training; 0 = none): an update above it is refused with 400.</param>
/// <param name="MaxSampleCount">The largest sample count the federation believes (training; 0 = not stated): a larger claim is refused with 400.</param>
/// <param name="Secure">The round's secure-aggregation id and options (secure training).</param>
/// <param name="ShareKeys">The roster of public keys (secure step 2).</param>
/// <param name="MaskInput">Sharers, the encrypted shares for this facility and its credited weight (secure step 3).</param>
/// <param name="Unmask">Contributors and dropped participants (secure step 4).</param>
[GenerateSerializer, Immutable]
public sealed record RemoteWorkDocument(
    [property: Id(0)] string? Federation,
    [property: Id(1)] RemoteWorkKind Kind,
    [property: Id(2)] long RoundId,
    [property: Id(3)] long GlobalVersion = 0,
    [property: Id(4)] ModelSpec? Spec = null,
    [property: Id(5)] float[]? Parameters = null,
    [property: Id(6)] FeatureNormalization? Normalization = null,
    [property: Id(7)] TrainingOptions? Training = null,
    [property: Id(8)] int WindowStride = 1,
    [property: Id(9)] IReadOnlyList<string>? Features = null,
    [property: Id(10)] double HistogramLower = 0,
    [property: Id(11)] double HistogramUpper = 0,
    [property: Id(12)] int HistogramBins = 0,
    [property: Id(13)] byte[]? OnnxModel = null,
    [property: Id(14)] float Threshold = 0,
    [property: Id(15)] DetectionSettings? Detection = null,
    [property: Id(16)] float ParticipantThreshold = float.NaN,
    [property: Id(17)] float NormBound = 0,
    [property: Id(18)] long MaxSampleCount = 0,
    [property: Id(19)] SecureRoundSetup? Secure = null,
    [property: Id(20)] ShareKeysRequest? ShareKeys = null,
    [property: Id(21)] SecureInputRequest? MaskInput = null,
    [property: Id(22)] UnmaskingRequest? Unmask = null)
{
    /// <summary>Work for <see cref="IFacilityGrain.TrainAsync"/>.</summary>
    public static RemoteWorkDocument ForTraining(RoundInstruction i) => new(i.Federation, RemoteWorkKind.Train, i.RoundId, i.GlobalVersion,
        i.Spec, i.GlobalParameters, i.Normalization, i.Training, i.WindowStride, Detection: i.Detection, NormBound: i.NormBound, MaxSampleCount: i.MaxSampleCount);

    /// <summary>Work for <see cref="ISecureAggregationParticipant.TrainSecurelyAsync"/>: the training work plus the round's secure setup.</summary>
    public static RemoteWorkDocument ForSecureTraining(RoundInstruction i, SecureRoundSetup setup) =>
        ForTraining(i) with { Kind = RemoteWorkKind.SecureTrain, Secure = setup };

    /// <summary>Work for <see cref="IFacilityGrain.SummarizeFeaturesAsync"/>.</summary>
    public static RemoteWorkDocument ForFeatures(IReadOnlyList<string> features) => new(null, RemoteWorkKind.SummarizeFeatures, 0, Features: features);

    /// <summary>Work for <see cref="IFacilityGrain.SummarizeScoresAsync"/>.</summary>
    public static RemoteWorkDocument ForScores(ScoreSummaryInstruction i) => new(i.Federation, RemoteWorkKind.SummarizeScores, i.RoundId,
        Spec: i.Spec, Parameters: i.Parameters, Normalization: i.Normalization, WindowStride: i.WindowStride,
        HistogramLower: i.Histogram.Lower, HistogramUpper: i.Histogram.Upper, HistogramBins: i.Histogram.BinCount, Detection: i.Detection);

    /// <summary>Work for <see cref="IFacilityGrain.EvaluateAsync"/>.</summary>
    /// <remarks>Only the addressed facility's own threshold travels: a facility never learns another's calibration.</remarks>
    public static RemoteWorkDocument ForEvaluation(EvaluationInstruction i, string facilityId) => new(i.Federation, RemoteWorkKind.Evaluate, i.RoundId, i.Version,
        Spec: i.Spec, WindowStride: i.WindowStride, OnnxModel: i.OnnxModel, Threshold: i.Threshold, Detection: i.Detection,
        ParticipantThreshold: i.ParticipantThresholds?.GetValueOrDefault(facilityId, float.NaN) ?? float.NaN);

    /// <summary>The training instruction back (client side); throws <see cref="InvalidDataException"/> when a field is missing.</summary>
    public RoundInstruction ToRoundInstruction() => new(Federation ?? "", RoundId, GlobalVersion, Require(Spec), Require(Parameters),
        Require(Normalization), Require(Training), WindowStride, Detection, NormBound, MaxSampleCount);

    /// <summary>The score-summary instruction back (client side), with an empty histogram of the shared bins.</summary>
    public ScoreSummaryInstruction ToScoreSummaryInstruction() => new(Federation ?? "", RoundId, Require(Spec), Require(Parameters),
        Require(Normalization), ScoreHistogram.Create(HistogramLower, HistogramUpper, HistogramBins), WindowStride, Detection);

    /// <summary>The evaluation instruction back (client side).</summary>
    public EvaluationInstruction ToEvaluationInstruction(string facilityId) => new(Federation ?? "", RoundId, GlobalVersion, Require(Spec), Require(OnnxModel),
        Threshold, WindowStride, Detection,
        float.IsFinite(ParticipantThreshold) ? new Dictionary<string, float>(StringComparer.Ordinal) { [facilityId] = ParticipantThreshold } : null);

    private T Require<T>(T? value, [System.Runtime.CompilerServices.CallerArgumentExpression(nameof(value))] string field = "") where T : class =>
        value ?? throw new InvalidDataException($"{Kind} work of round {RoundId} lacks '{field}'.");
}
