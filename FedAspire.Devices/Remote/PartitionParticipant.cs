using FedAspire.Core.Federation.Remote;
using FedAspire.Core.Data;
using FedAspire.Core.Federation;
using FedAspire.Core.Learning;
using FedAspire.Devices.Facilities;
using FedAspire.Devices.Training;

namespace FedAspire.Devices.Remote;

/// <summary>
/// Answers a remote facility's work from its own data on its own machine, with the same local computations as an in-cluster
/// facility (<see cref="LocalRound"/>): only parameters, counts, summaries and metrics leave it.
/// </summary>
public sealed class PartitionParticipant
{
    private readonly FacilityPartition _partition;
    private ParticipantWindows? _windows;
    private readonly SecureParticipation _secure = new();

    /// <summary>A participant named <paramref name="facilityId"/> holding <paramref name="partition"/>.</summary>
    public PartitionParticipant(string facilityId, FacilityPartition partition)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(facilityId);
        ArgumentNullException.ThrowIfNull(partition);
        partition.Validate(facilityId);
        FacilityId = facilityId;
        _partition = partition;
    }

    /// <summary>The facility id (the participant id in rounds).</summary>
    public string FacilityId { get; }

    /// <summary>Training rows.</summary>
    public int TrainRows => _partition.TrainCount;

    /// <summary>Held-out rows.</summary>
    public int HeldOutRows => _partition.HeldOutCount;

    /// <summary>
    /// Splits a time-ordered table: the first rows train (rows labelled anomalous are left out, as for in-cluster facilities),
    /// the last <paramref name="heldOutFraction"/> are held out with their labels for federated evaluation.
    /// </summary>
    public static PartitionParticipant FromTable(string facilityId, SensorTable table, double heldOutFraction)
    {
        ArgumentNullException.ThrowIfNull(table);
        if (!(heldOutFraction >= 0 && heldOutFraction < 1)) throw new ArgumentOutOfRangeException(nameof(heldOutFraction), heldOutFraction, "The held-out fraction must be in [0, 1).");
        var columns = Enumerable.Range(0, table.SensorCount).ToArray();
        int split = table.RowCount - (int)Math.Round(table.RowCount * heldOutFraction);
        var train = Enumerable.Range(0, split).Where(r => !table.IsAnomalous(r)).ToArray();
        var heldOut = Enumerable.Range(split, table.RowCount - split).ToArray();
        var partition = new FacilityPartition(table.SensorNames, PumpSampleFacilities.RowMajor(table, columns, train),
            PumpSampleFacilities.RowMajor(table, columns, heldOut), heldOut.Select(table.IsAnomalous).ToArray());
        return new PartitionParticipant(facilityId, partition);
    }

    /// <summary>The answer to <paramref name="work"/>; throws <see cref="InvalidDataException"/> when the work lacks a field its kind needs.</summary>
    public RemoteResultDocument Answer(RemoteWorkDocument work, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(work);
        switch (work.Kind)
        {
            case RemoteWorkKind.SummarizeFeatures:
            {
                var features = work.Features ?? throw new InvalidDataException("SummarizeFeatures work lacks 'features'.");
                var statistics = LocalRound.Summarize(_partition.TrainRows, _partition.Features, features);
                return new RemoteResultDocument(work.Kind, Statistics: RemoteFeatureStatistics.From(_partition.TrainCount, statistics));
            }
            case RemoteWorkKind.Train:
                return new RemoteResultDocument(work.Kind, Train(work, cancellationToken));
            case RemoteWorkKind.SecureTrain:
            {
                // Trained as for plain work; the update stays here and leaves only masked (step 3).
                var setup = work.Secure ?? throw new InvalidDataException($"SecureTrain work of round {work.RoundId} lacks 'secure'.");
                var u = Train(work, cancellationToken);
                var update = new ParticipantUpdate(FacilityId, work.RoundId, u.Parameters, u.SampleCount, u.InitialLoss, u.FinalLoss);
                return new RemoteResultDocument(work.Kind, SecureTraining: _secure.Begin(work.Federation ?? "", update, setup));
            }
            case RemoteWorkKind.ShareKeys:
                return new RemoteResultDocument(work.Kind, ShareKeys: _secure.ShareKeys(work.ShareKeys ?? throw Lacks(work, "shareKeys")));
            case RemoteWorkKind.MaskInput:
                return new RemoteResultDocument(work.Kind, MaskedInput: _secure.MaskInput(work.MaskInput ?? throw Lacks(work, "maskInput")));
            case RemoteWorkKind.Unmask:
                return new RemoteResultDocument(work.Kind, Unmasking: _secure.Unmask(work.Unmask ?? throw Lacks(work, "unmask")));
            case RemoteWorkKind.SummarizeScores:
            {
                var instruction = work.ToScoreSummaryInstruction();
                var detection = instruction.Detection ?? DetectionSettings.Default;
                var windows = Windows(instruction.Spec, instruction.WindowStride, detection);
                var summary = LocalRound.Calibrate(windows.Calibration, instruction, FacilityId, windows.NormalizationFor(detection.Normalization, instruction.Normalization),
                    windows.Tracker(detection, warm: false));
                return new RemoteResultDocument(work.Kind, Scores: RemoteScoreHistogram.From(summary));
            }
            case RemoteWorkKind.Evaluate:
            {
                var instruction = work.ToEvaluationInstruction(FacilityId);
                var detection = instruction.Detection ?? DetectionSettings.Default;
                var windows = Windows(instruction.Spec, instruction.WindowStride, detection);
                var e = LocalRound.Evaluate(windows.HeldOut, instruction, FacilityId, detection.Normalization == NormalizationMode.Local ? windows.LocalNormalization : null,
                    windows.Tracker(detection, warm: true));
                return new RemoteResultDocument(work.Kind, Evaluation: new RemoteEvaluation(e.Samples, e.Loss, e.Metrics));
            }
            default:
                throw new InvalidDataException($"Unknown work kind {work.Kind}.");
        }
    }

    private RemoteUpdate Train(RemoteWorkDocument work, CancellationToken cancellationToken)
    {
        var instruction = work.ToRoundInstruction();
        var detection = instruction.Detection ?? DetectionSettings.Default;
        var windows = Windows(instruction.Spec, instruction.WindowStride, detection);
        if (windows.Train.Count == 0) return new RemoteUpdate(instruction.GlobalParameters, 0, float.NaN, float.NaN);
        var trained = LocalRound.Train(windows.Train, instruction, FacilityId, windows.NormalizationFor(detection.Normalization, instruction.Normalization), cancellationToken);
        return new RemoteUpdate(trained.Parameters, trained.Samples, trained.InitialLoss, trained.FinalLoss);
    }

    private static InvalidDataException Lacks(RemoteWorkDocument work, string field) => new($"{work.Kind} work of round {work.RoundId} lacks '{field}'.");

    private ParticipantWindows Windows(ModelSpec spec, int stride, DetectionSettings detection)
    {
        if (_windows is { } cached && cached.Serves(spec, stride, detection.CalibrationFraction)) return cached;
        return _windows = ParticipantWindows.Create(_partition, spec, stride, detection.CalibrationFraction);
    }
}
