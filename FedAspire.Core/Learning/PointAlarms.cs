namespace FedAspire.Core.Learning;

/// <summary>
/// Turns per-window alarms into per-reading (point) alarms with the SKAB benchmark's rule: a reading raises an alarm only when
/// every window before it that covers it is anomalous.
/// </summary>
/// <remarks>
/// <para>Windows have stride 1: window j covers readings [j, j + W), so a series of n windows spans n + W - 1 readings.
/// Reading i (for W - 1 &lt;= i &lt; n - W + 1) is an alarm when windows i - W + 1 .. i - 1 (W - 1 windows; the window starting at i
/// itself is not consulted) are all anomalous; every other reading, including the first W - 1 and the last 2W - 2, is 0.
/// This is the rule of SKAB's Conv-AE notebook (a Python slice [i - W + 1 : i] and range(W - 1, n - W + 1)), kept exactly,
/// bounds included, so results compare with its leaderboard. With W = 1 the set of windows is empty and every reading
/// in [0, n) is an alarm, as numpy's all() of nothing is true.</para>
/// <para>Linear time: a reading's condition is that the run of consecutive anomalous windows ending at window i - 1 is at least
/// W - 1 long.</para>
/// </remarks>
public static class PointAlarms
{
    /// <summary>Readings spanned by <paramref name="windowCount"/> stride-1 windows of <paramref name="window"/> readings (0 when there are no windows).</summary>
    public static int PointCount(int windowCount, int window)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(windowCount);
        ArgumentOutOfRangeException.ThrowIfLessThan(window, 1);
        return windowCount == 0 ? 0 : windowCount + window - 1;
    }

    /// <summary>
    /// Writes the point alarms of <paramref name="windowAlarms"/> (stride-1 windows of <paramref name="window"/> readings) into
    /// <paramref name="pointAlarms"/>, whose length must be <see cref="PointCount"/>.
    /// </summary>
    public static void FromWindows(ReadOnlySpan<bool> windowAlarms, int window, Span<bool> pointAlarms)
    {
        int n = windowAlarms.Length;
        int points = PointCount(n, window);
        if (pointAlarms.Length != points)
            throw new ArgumentException($"{n} windows of {window} readings span {points} readings, but the output holds {pointAlarms.Length}.", nameof(pointAlarms));
        pointAlarms.Clear();
        int required = window - 1;
        int run = 0;  // consecutive anomalous windows ending at window i - 1
        for (int i = 0; i < n - window + 1; i++)
        {
            if (i >= 1) run = windowAlarms[i - 1] ? run + 1 : 0;
            if (i >= required && run >= required) pointAlarms[i] = true;
        }
    }
}
