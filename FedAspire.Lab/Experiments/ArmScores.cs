using System.Globalization;
using FedAspire.Core.Learning;
using FedAspire.Devices.Training;
using FedAspire.Devices.Scenarios;

namespace FedAspire.Lab.Experiments;

/// <summary>
/// The final held-out scores of an arm with their labels and threshold, kept in memory for the error-distribution plots and
/// <c>scores.csv</c>; the per-window columns say whose window it is, when it ends and which threshold it was judged by.
/// </summary>
public sealed record ArmScores(string Arm, float[] Scores, bool[] Labels, float Threshold)
{
    /// <summary>Participant (facility or device) of each window; empty when unknown.</summary>
    public string[] Participants { get; init; } = [];

    /// <summary>Threshold each window was judged by (per-participant thresholds differ); empty: <see cref="Threshold"/> for all.</summary>
    public float[] Thresholds { get; init; } = [];

    /// <summary>Time of each window's last reading (ISO 8601 UTC), or its row index in the participant's held-out part without timestamps.</summary>
    public string[] WindowEnds { get; init; } = [];

    /// <summary>Whether each window's participant has labels (a window of an unlabelled participant has no truth to compare with).</summary>
    public bool[] Labelled { get; init; } = [];

    /// <summary>The threshold of window <paramref name="i"/>.</summary>
    public float ThresholdOf(int i) => Thresholds.Length > 0 ? Thresholds[i] : Threshold;

    /// <summary>
    /// These scores with the per-window columns of <paramref name="partition"/>'s held-out windows, in the order every scorer visits
    /// them (participants in partition order, windows in time order); <paramref name="threshold"/> gives each participant's threshold.
    /// </summary>
    public ArmScores WithWindows(PreparedPartition partition, int window, int stride, Func<string, float> threshold)
    {
        ArgumentNullException.ThrowIfNull(partition);
        ArgumentNullException.ThrowIfNull(threshold);
        var participants = new List<string>(Scores.Length);
        var thresholds = new List<float>(Scores.Length);
        var ends = new List<string>(Scores.Length);
        var labelled = new List<bool>(Scores.Length);
        foreach (var (id, data) in partition.Clients)
        {
            float t = threshold(id);
            // The held-out rows' runs, windowed on their own as LocalWindows cuts them.
            foreach (var (from, to) in LocalWindows.Runs(data.HeldOutCount, data.HeldOutBreaks))
            {
                int count = to - from < window ? 0 : TimeWindows.Count(to - from, window, stride);
                for (int w = 0; w < count; w++)
                {
                    int last = from + w * stride + window - 1;
                    participants.Add(id);
                    thresholds.Add(t);
                    ends.Add(data.HeldOutTimes.Length > 0
                        ? data.HeldOutTimes[last].ToString("yyyy-MM-dd'T'HH:mm:ss.FFFFFFF'Z'", CultureInfo.InvariantCulture)
                        : last.ToString(CultureInfo.InvariantCulture));
                    labelled.Add(data.HasLabels);
                }
            }
        }
        if (participants.Count != Scores.Length)
            throw new InvalidOperationException($"Arm {Arm}: {Scores.Length} scores but partition {partition.Name} has {participants.Count} held-out windows.");
        return this with { Participants = [.. participants], Thresholds = [.. thresholds], WindowEnds = [.. ends], Labelled = [.. labelled] };
    }
}
