using FedAspire.Core.Learning;

namespace FedAspire.Tests.Learning;

/// <summary>SKAB's window-to-point rule: a reading alarms when the W - 1 covering windows before it all alarm, within the notebook's bounds.</summary>
[Trait("Area", "Learning")]
public sealed class PointAlarmsTests
{
    private static bool[] Points(bool[] windows, int w)
    {
        var points = new bool[PointAlarms.PointCount(windows.Length, w)];
        PointAlarms.FromWindows(windows, w, points);
        return points;
    }

    [Fact]
    public void Hand_computed_case_with_window_3()
    {
        // 8 windows of 3 readings span 10 readings; readings 2..5 are eligible (range(2, 8 - 3 + 1)).
        // i=2: windows 0,1 = F,T -> 0; i=3: 1,2 = T,T -> 1; i=4: 2,3 = T,T -> 1 (window 4 = F is not consulted); i=5: 3,4 = T,F -> 0.
        bool[] windows = [false, true, true, true, false, true, true, false];
        Assert.Equal([false, false, false, true, true, false, false, false, false, false], Points(windows, 3));
    }

    [Fact]
    public void All_anomalous_windows_leave_the_first_w_minus_1_and_last_2w_minus_2_readings_at_zero()
    {
        var points = Points(Enumerable.Repeat(true, 8).ToArray(), 3);
        Assert.Equal(10, points.Length);
        Assert.Equal([false, false, true, true, true, true, false, false, false, false], points);
    }

    [Fact]
    public void Window_of_one_consults_no_window_so_every_reading_alarms()
    {
        // numpy's all() of an empty slice is true: every reading in range(0, n) alarms, whatever the windows say.
        Assert.Equal([true, true, true], Points([false, true, false], 1));
    }

    [Fact]
    public void Too_few_windows_give_no_alarms_and_no_windows_give_no_readings()
    {
        Assert.Equal(new bool[5], Points([true, true, true], 3));   // range(2, 1) is empty
        Assert.Empty(Points([], 4));
    }

    [Fact]
    public void Matches_a_literal_transcription_of_the_notebook_loop_on_random_alarms()
    {
        var rng = new Random(7);
        for (int trial = 0; trial < 200; trial++)
        {
            int w = rng.Next(1, 9), n = rng.Next(0, 60);
            var windows = Enumerable.Range(0, n).Select(_ => rng.NextDouble() < 0.8).ToArray();
            var expected = new bool[n == 0 ? 0 : n + w - 1];
            for (int i = w - 1; i < n - w + 1; i++)
            {
                bool all = true;
                for (int j = i - w + 1; j < i; j++) all &= windows[j];
                expected[i] = all;
            }
            Assert.Equal(expected, Points(windows, w));
        }
    }

    [Fact]
    public void Wrong_output_length_is_a_clear_error()
    {
        var e = Assert.Throws<ArgumentException>(() => PointAlarms.FromWindows([true, true], 3, new bool[3]));
        Assert.Contains("span 4 readings", e.Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentOutOfRangeException>(() => PointAlarms.PointCount(3, 0));
    }

    [Fact]
    public void Alarm_counts_follow_skab_binary_metric()
    {
        // TP: 0,1; FN: 2; FP: 3; TN: 4,5. SKAB: F1 = TP / (TP + (FN + FP) / 2) = 2 / 3, FAR = 1 / 3, MAR = 1 / 3.
        var m = DetectionMetrics.FromAlarms([true, true, false, true, false, false], [true, true, true, false, false, false]);
        Assert.Equal((2L, 1L, 2L, 1L), (m.TruePositives, m.FalsePositives, m.TrueNegatives, m.FalseNegatives));
        Assert.Equal(2.0 / (2 + (1 + 1) / 2.0), m.F1, 1e-12);
        Assert.Equal(1.0 / 3, m.FalseAlarmRate, 1e-12);
        Assert.Equal(1.0 / 3, m.MissedAlarmRate, 1e-12);
        Assert.True(double.IsNaN(m.RocAuc));
        Assert.Throws<ArgumentException>(() => DetectionMetrics.FromAlarms([true], [true, false]));
    }
}
