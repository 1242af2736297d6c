using FedAspire.Core.Federation;
using FedAspire.Core.Learning;
using FedAspire.Devices.Facilities;

namespace FedAspire.Devices.Training;

/// <summary>
/// A participant's partition cut into one model's windows: training, calibration (normal rows no model trains on) and held-out,
/// with the participant's own normalization from its training rows alone. Its statistics stay here: only scores, histograms,
/// thresholds and parameters ever leave a participant.
/// </summary>
public sealed class ParticipantWindows
{
    private ParticipantWindows(ModelSpec spec, int stride, double calibrationFraction, LocalWindows train, LocalWindows calibration, LocalWindows heldOut,
        FeatureNormalization local, long trainingRows, bool interleavedHeldOut)
    {
        TrainingRows = trainingRows;
        InterleavedHeldOut = interleavedHeldOut;
        Spec = spec; Stride = stride; CalibrationFraction = calibrationFraction;
        Train = train; Calibration = calibration; HeldOut = heldOut; LocalNormalization = local;
    }

    /// <summary>The spec the windows were cut for.</summary>
    public ModelSpec Spec { get; }

    /// <summary>Step between windows.</summary>
    public int Stride { get; }

    /// <summary>Share of training rows held back when the partition names no calibration rows.</summary>
    public double CalibrationFraction { get; }

    /// <summary>Windows of the training rows.</summary>
    public LocalWindows Train { get; }

    /// <summary>Windows of the calibration rows (never of training rows).</summary>
    public LocalWindows Calibration { get; }

    /// <summary>Windows of the held-out rows, labelled.</summary>
    public LocalWindows HeldOut { get; }

    /// <summary>True when held-out rows interleave with the training rows in time (no drift following then).</summary>
    public bool InterleavedHeldOut { get; }

    /// <summary>Rows the participant trains on (drift horizons are a share of them).</summary>
    public long TrainingRows { get; }

    /// <summary>Mean and std of this participant's training rows (the only rows it ever fits anything to).</summary>
    public FeatureNormalization LocalNormalization { get; }

    /// <summary>Cuts <paramref name="partition"/> for <paramref name="spec"/>.</summary>
    public static ParticipantWindows Create(FacilityPartition partition, ModelSpec spec, int stride, double calibrationFraction)
    {
        ArgumentNullException.ThrowIfNull(partition);
        ArgumentNullException.ThrowIfNull(spec);
        var p = partition.WithCalibrationTail(calibrationFraction);
        return new ParticipantWindows(spec, stride, calibrationFraction,
            LocalWindows.Training(p, spec, stride),
            LocalWindows.Calibration(p, spec, stride),
            // A participant without labels has held-out windows to score but no truth: its windows carry no labels (metrics n/a).
            LocalWindows.HeldOut(p, spec, stride),
            LocalRound.Summarize(p.TrainRows, p.Features, spec.Features).ToNormalization(), p.TrainCount, p.InterleavedHeldOut);
    }

    /// <summary>True when these windows serve <paramref name="spec"/> (the spec arrives as a fresh copy every call), stride and share.</summary>
    public bool Serves(ModelSpec spec, int stride, double calibrationFraction) =>
        Stride == stride && CalibrationFraction == calibrationFraction && Spec.Window == spec.Window
        && Spec.Features.SequenceEqual(spec.Features, StringComparer.Ordinal);

    /// <summary>
    /// A drift tracker at this participant's own statistics (null when <paramref name="detection"/> does not follow drift): fresh to
    /// score the calibration windows, or <paramref name="warm"/>, advanced through them, to score what comes after them.
    /// </summary>
    public DriftTracker? Tracker(DetectionSettings detection, bool warm)
    {
        ArgumentNullException.ThrowIfNull(detection);
        int horizon = detection.DriftHorizonRows(TrainingRows);
        if (horizon == 0 || InterleavedHeldOut) return null;
        var tracker = new DriftTracker(LocalNormalization, horizon);
        if (warm) tracker.Warm(Calibration.Raw, Calibration.Mask, Calibration.Count, Spec.Window, Stride, Calibration.SegmentStarts);
        return tracker;
    }

    /// <summary>The normalization this participant applies under <paramref name="mode"/>: its own, or the federation's.</summary>
    public FeatureNormalization NormalizationFor(NormalizationMode mode, FeatureNormalization federation) =>
        mode == NormalizationMode.Local ? LocalNormalization : federation;
}
