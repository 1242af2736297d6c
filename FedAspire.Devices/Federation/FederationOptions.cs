using System.Globalization;
using FedAspire.Core.Aggregation;
using FedAspire.Core.Claims;
using FedAspire.Core.Federation;
using FedAspire.Core.Learning;
using FedAspire.Core.Privacy;

namespace FedAspire.Devices.Federation;

/// <summary>The default federation the silo configures and starts on its own, bound from <c>FedAspire:Federation</c>.</summary>
public sealed class FederationOptions
{
    /// <summary>The configuration section.</summary>
    public const string Section = "FedAspire:Federation";

    /// <summary>Configure and start the default federation at start-up.</summary>
    public bool AutoStart { get; set; } = true;

    /// <summary>Federation name (aggregator key, API path segment).</summary>
    public string Name { get; set; } = "pumps";

    /// <summary>Seconds between timed rounds.</summary>
    public double RoundIntervalSeconds { get; set; } = 5;

    /// <summary>Seconds the aggregator waits for updates.</summary>
    public double DeadlineSeconds { get; set; } = 30;

    /// <summary>Fraction of facilities sampled per round.</summary>
    public double SamplingFraction { get; set; } = 1.0;

    /// <summary>Minimum facilities sampled.</summary>
    public int MinParticipants { get; set; } = 2;

    /// <summary>Accepted updates needed (capped at the number of facilities).</summary>
    public int Quorum { get; set; } = 2;

    /// <summary>L2 bound on an update's change; 0 disables it.</summary>
    public float NormBound { get; set; } = 100f;

    /// <summary>
    /// Aggregation strategy and its knobs, the section <c>Strategy:*</c> (<c>Strategy:Name</c>, <c>Strategy:ServerLearningRate</c>, ...);
    /// a plain value <c>Strategy=fedadam</c> is shorthand for <c>Strategy:Name</c> (see <see cref="Bind"/>).
    /// </summary>
    public StrategyOptions Strategy { get; set; } = new();

    /// <summary>Local epochs per round.</summary>
    public int Epochs { get; set; } = 1;

    /// <summary>Local batch size.</summary>
    public int BatchSize { get; set; } = 32;

    /// <summary>Local learning rate.</summary>
    /// <remarks>
    /// 1e-3, the rate every detection scenario runs at: a live federation trains for as long as it runs, and at 3e-3 the pump
    /// sample's model went on until it reconstructed the wear signature too (pooled PR-AUC 1.000 at round 15, 0.68 at round 27),
    /// where at 1e-3 it still ranks every anomaly first at round 60 (docs/detection.md).
    /// </remarks>
    public float LearningRate { get; set; } = 1e-3f;

    /// <summary>FedProx proximal term (0 = FedAvg).</summary>
    public float ProximalMu { get; set; }

    /// <summary>Server-side evaluation on the held-out partition only the server holds (not with scenario data, which has none).</summary>
    public bool CentralEvaluation { get; set; } = true;

    /// <summary>Run seed: initial model, sampling and every participant's training.</summary>
    public int Seed { get; set; } = 42;

    /// <summary>Readings per window.</summary>
    public int Window { get; set; } = 4;

    /// <summary>Hidden layer widths of the dense autoencoder, comma-separated.</summary>
    public string Hidden { get; set; } = "16,6,16";

    /// <summary>
    /// <c>local</c> (the default: each facility and device standardizes with its own statistics, which never leave it, and analytics
    /// measures each device's own) or <c>global</c> (merged statistics, baked into the ONNX export).
    /// </summary>
    public string Normalization { get; set; } = "local";

    /// <summary>Under local normalization, the share of a participant's training rows over which its means follow drift (0 = off).</summary>
    public double DriftHorizon { get; set; } = DetectionSettings.Default.DriftHorizon;

    /// <summary>Share of normal windows allowed to raise an alarm: thresholds are conformal quantiles of calibration scores at it.</summary>
    public double FalseAlarmTarget { get; set; } = DetectionSettings.Default.FalseAlarmTarget;

    /// <summary>Share of each participant's training rows (its latest) held back for calibration when its data names none.</summary>
    public double CalibrationFraction { get; set; } = DetectionSettings.Default.CalibrationFraction;

    /// <summary>Step between windows.</summary>
    public int WindowStride { get; set; } = 1;

    /// <summary>Largest count (samples, windows, rows) one participant's claim may carry; larger claims are rejected.</summary>
    public long ClaimMaxCount { get; set; } = ClaimLimits.DefaultMaxCount;

    /// <summary>A participant is credited at most this multiple of what it was credited in the previous round.</summary>
    public double ClaimGrowthFactor { get; set; } = ClaimLimits.DefaultGrowthFactor;

    /// <summary>Largest share of a round's weight one participant may have (1 = no cap).</summary>
    public double ClaimMaxShare { get; set; } = ClaimLimits.DefaultMaxShare;

    /// <summary>Differential privacy, the section <c>Privacy:*</c> (<c>Mode</c> off|central|local, <c>Clip</c>, <c>NoiseMultiplier</c>, <c>Delta</c>, <c>EpsilonBudget</c>, <c>OnBudget</c>, <c>NoiseSeed</c>).</summary>
    public PrivacyOptions Privacy { get; set; } = new();

    /// <summary>
    /// Secure aggregation, the section <c>SecureAggregation:*</c> (<c>Enabled</c>, <c>Threshold</c>, <c>Neighbours</c>, <c>ClipRange</c>,
    /// <c>MaxWeight</c>): the aggregator learns only the facilities' weighted mean. Needs a mean-based strategy and <c>NormBound</c> 0.
    /// </summary>
    public SecureAggregationSettings SecureAggregation { get; set; } = new();

    /// <summary>
    /// Buffered asynchronous aggregation (FedBuff) instead of timed rounds: every facility trains and reports in its own loop, pausing
    /// the round interval between jobs, and the aggregator steps every <c>Buffered:BufferSize</c> reports.
    /// </summary>
    public bool Asynchronous { get; set; }

    /// <summary>
    /// The buffered aggregation's knobs, the section <c>Buffered:*</c> (<c>BufferSize</c>, <c>ServerLearningRate</c>, <c>Staleness</c>
    /// constant|polynomial|hinge, <c>StalenessExponent</c>, <c>HingeKnee</c>, <c>MaxStaleness</c>, <c>SampleWeighted</c>); read with <see cref="Asynchronous"/>.
    /// </summary>
    public BufferedAsyncOptions Buffered { get; set; } = new();

    /// <summary>
    /// Binds <see cref="Section"/> of <paramref name="config"/> into these options. The binder ignores a value on a section that
    /// maps to a class, so the plain <c>Strategy=fedadam</c> (how the setting was written before it had knobs) is applied here
    /// as the strategy name unless <c>Strategy:Name</c> is set too (a conflict the validator reports).
    /// </summary>
    public FederationOptions Bind(IConfiguration config)
    {
        ArgumentNullException.ThrowIfNull(config);
        var section = config.GetSection(Section);
        section.Bind(this);
        var strategy = section.GetSection(nameof(Strategy));
        if (strategy.Value is { Length: > 0 } name && strategy[nameof(StrategyOptions.Name)] is null)
            Strategy = Strategy with { Name = name };
        return this;
    }

    /// <summary>The definition for <paramref name="participants"/> reading <paramref name="features"/>.</summary>
    public FederationDefinition ToDefinition(IReadOnlyList<string> features, IReadOnlyList<string> participants)
    {
        var hidden = Hidden.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(h => int.TryParse(h, NumberStyles.Integer, CultureInfo.InvariantCulture, out var v) && v > 0
                ? v : throw new ArgumentException($"{Section}:Hidden: '{h}' is not a positive layer width."))
            .ToArray();
        var spec = ModelSpec.DenseAutoencoder(features, hidden, Activation.Relu, Window);
        var schedule = new RoundSchedule(TimeSpan.FromSeconds(RoundIntervalSeconds), SamplingFraction, Math.Min(MinParticipants, participants.Count),
            Math.Min(Quorum, participants.Count), TimeSpan.FromSeconds(DeadlineSeconds), NormBound);
        var training = new TrainingOptions(Epochs, BatchSize, LearningRate, OptimizerKind.Adam, 0.9f, ProximalMu, Seed);
        if (!Enum.TryParse<NormalizationMode>(Normalization, ignoreCase: true, out var mode) || int.TryParse(Normalization, out _))
            throw new ArgumentException($"{Section}:Normalization: '{Normalization}' is not local or global.");
        return new FederationDefinition(Name, spec, Strategy.Canonicalized(), schedule, training, participants, WindowStride,
            new DetectionSettings(mode, FalseAlarmTarget, CalibrationFraction, DriftHorizon), new ClaimLimits(ClaimMaxCount, ClaimGrowthFactor, ClaimMaxShare),
            Privacy.Enabled ? Privacy : null, SecureAggregation.Enabled ? SecureAggregation : null, Asynchronous ? Buffered : null);
    }
}
