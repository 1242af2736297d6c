namespace FedAspire.Core.Learning;

/// <summary>
/// A participant's normalization that follows slow drift of normal operation: per-feature means move as an exponentially weighted
/// average of recent readings over a horizon of rows, while the scales stay those its training rows measured.
/// </summary>
/// <remarks>
/// Why: sensors age, and a model standardized with the means of its training span sees every later reading of a drifting sensor as
/// far from normal, so false alarms grow with time and the ranking of real faults drowns in drift (see docs/detection.md for the
/// figures). Following the means alone, not the scales, keeps a quiet period from shrinking the scale and inflating every deviation.
/// Safeguards, so that an ongoing anomaly does not become the new normal:
/// <list type="number">
/// <item>only windows that raised no alarm update the means (an alarmed fault never feeds its own baseline);</item>
/// <item>each reading enters clipped to mean ± <see cref="ClipSigmas"/> scales, so one wild reading moves a mean by at most
/// <see cref="ClipSigmas"/> / horizon scales, and a fault that stays just under the threshold shifts it only as fast as drift may;</item>
/// <item>updates stop (<see cref="Frozen"/>) while most recent windows (over the same horizon) alarm: that is a fault or a change
/// for an operator to judge, not drift. Not sooner: drift itself raises alarms until the means catch up, and a tracker frozen by
/// them never would (measured: freezing at 10 % instead of 50 % cost 0.04-0.07 PR-AUC on the drifting data sets).</item>
/// </list>
/// </remarks>
public sealed class DriftTracker
{
    /// <summary>The shortest horizon: fewer rows would follow noise.</summary>
    public const int MinHorizonRows = 16;

    /// <summary>Readings are clipped to this many scales from the current mean before they update it.</summary>
    public const float ClipSigmas = 3f;

    private readonly double[] _mean;
    private readonly float[] _scale;
    private readonly float[] _std;
    private readonly double _rowWeight;
    private FeatureNormalization? _snapshot;
    private double _alarmRate;

    /// <summary>Starts at <paramref name="start"/> (the participant's training statistics) and follows over <paramref name="horizonRows"/> rows.</summary>
    public DriftTracker(FeatureNormalization start, int horizonRows)
    {
        ArgumentNullException.ThrowIfNull(start);
        if (horizonRows < MinHorizonRows) throw new ArgumentOutOfRangeException(nameof(horizonRows), horizonRows, $"The drift horizon must be at least {MinHorizonRows} rows.");
        HorizonRows = horizonRows;
        _mean = Array.ConvertAll(start.Mean, m => (double)m);
        _std = (float[])start.Std.Clone();
        _scale = new float[start.FeatureCount];
        for (int f = 0; f < _scale.Length; f++) _scale[f] = start.Scale(f);
        _rowWeight = 1.0 / horizonRows;
        _snapshot = start;
    }

    /// <summary>Rows over which means follow.</summary>
    public int HorizonRows { get; }

    /// <summary>Recent alarm rate above which updates stop.</summary>
    public const double FreezeAlarmRate = 0.5;

    /// <summary>Share of recent windows (over the horizon) that raised an alarm.</summary>
    public double RecentAlarmRate => _alarmRate;

    /// <summary>True while the recent alarm rate is too high for any window to update the means.</summary>
    public bool Frozen => _alarmRate > FreezeAlarmRate;

    /// <summary>Windows whose rows updated the means.</summary>
    public long AcceptedWindows { get; private set; }

    /// <summary>Windows left out: alarmed, or seen while frozen.</summary>
    public long SkippedWindows { get; private set; }

    /// <summary>The normalization to score the next windows with (a snapshot; unchanged until the means move).</summary>
    public FeatureNormalization Normalization => _snapshot ??= new FeatureNormalization(Array.ConvertAll(_mean, m => (float)m), (float[])_std.Clone());

    /// <summary>
    /// Records one scored window: <paramref name="newRows"/> are the rows it added since the previous window ([n, features], the
    /// model's feature order; values where <paramref name="newMask"/> is 0 are ignored), <paramref name="alarmed"/> its decision.
    /// </summary>
    public void Observe(ReadOnlySpan<float> newRows, ReadOnlySpan<float> newMask, bool alarmed)
    {
        int features = _mean.Length;
        if (newRows.Length % features != 0 || newMask.Length != newRows.Length)
            throw new ArgumentException($"Expected whole rows of {features} features with a mask of the same length, got {newRows.Length} values and {newMask.Length} mask entries.");
        int rows = newRows.Length / features;
        // The alarm rate averages windows over the same horizon as the means average rows.
        double windowWeight = Math.Min(1.0, Math.Max(rows, 1) * _rowWeight);
        _alarmRate += windowWeight * ((alarmed ? 1.0 : 0.0) - _alarmRate);
        if (alarmed || Frozen) { SkippedWindows++; return; }
        AcceptedWindows++;
        if (rows == 0) return;
        for (int i = 0, f = 0; i < newRows.Length; i++, f = f + 1 == features ? 0 : f + 1)
        {
            if (newMask[i] == 0f || !float.IsFinite(newRows[i])) continue;
            double limit = ClipSigmas * _scale[f];
            double delta = Math.Clamp(newRows[i] - _mean[f], -limit, limit);
            _mean[f] += _rowWeight * delta;
        }
        _snapshot = null;
    }

    /// <summary>Feeds normal windows (calibration rows, say) without decisions: every one updates the means.</summary>
    /// <remarks><paramref name="segmentStarts"/>: windows (ascending) that begin a new contiguous run of rows.</remarks>
    public void Warm(ReadOnlySpan<float> windows, ReadOnlySpan<float> mask, int count, int window, int stride, ReadOnlySpan<int> segmentStarts = default)
    {
        for (int w = 0; w < count; w++) ObserveWindow(windows, mask, w, window, stride, alarmed: false, newRun: segmentStarts.BinarySearch(w) >= 0);
    }

    /// <summary>
    /// Records window <paramref name="w"/> of time-ordered windows by the rows it adds to its predecessor (all of them for the first,
    /// and for one that starts a <paramref name="newRun"/> of rows after a jump in time).
    /// </summary>
    public void ObserveWindow(ReadOnlySpan<float> windows, ReadOnlySpan<float> mask, int w, int window, int stride, bool alarmed, bool newRun = false)
    {
        int features = _mean.Length;
        int fresh = w == 0 || newRun ? window : Math.Min(stride, window);
        int offset = (w * window + window - fresh) * features;
        Observe(windows.Slice(offset, fresh * features), mask.Slice(offset, fresh * features), alarmed);
    }
}
