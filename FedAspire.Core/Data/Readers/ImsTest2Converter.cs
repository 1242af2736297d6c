using FedAspire.Core.Data.Synthetic;

namespace FedAspire.Core.Data.Readers;

/// <summary>
/// Converts IMS bearing Test 2 (<c>merged_dataset_BearingTest_2.csv</c>) into a labelled fleet: facility <c>ims-test2</c>, one device
/// per bearing with sensor <c>vibration</c>, and DERIVED labels (IMS has none): per channel, rows from the first value after the
/// training period above mean + 5 std of the training period onward are 1, because run-to-failure degradation does not heal.
/// </summary>
public static class ImsTest2Converter
{
    /// <summary>The file's path under the shared datasets folder.</summary>
    public const string RelativePath = "ims-bearing/merged_dataset_BearingTest_2.csv";

    /// <summary>First timestamp of the usual Test 2 training period.</summary>
    public static readonly DateTime TrainingStart = new(2004, 2, 12, 11, 2, 39);

    /// <summary>Last timestamp (inclusive) of the usual Test 2 training period.</summary>
    public static readonly DateTime TrainingEnd = new(2004, 2, 13, 23, 52, 39);

    /// <summary>Standard deviations above the training mean that mark degradation.</summary>
    public const double Sigmas = 5;

    /// <summary>Reads the merged file and derives the labels.</summary>
    public static LabelledFleet Convert(string path) => Convert(ImsBearingReader.ReadMerged(path), Path.GetFileName(path));

    /// <summary>Derives the labels of an already read merged table (channels as columns).</summary>
    public static LabelledFleet Convert(SensorTable table, string source)
    {
        var devices = new List<FleetDevice>();
        for (int c = 0; c < table.SensorCount; c++)
        {
            var x = table.Column(c);
            var (mean, std, n) = TrainingStatistics(table.Timestamps, x);
            if (n < 2) throw new InvalidDataException($"{source}: the training period {TrainingStart:yyyy-MM-dd HH:mm:ss} .. {TrainingEnd:yyyy-MM-dd HH:mm:ss} holds {n} values of '{table.SensorNames[c]}'; at least 2 are needed.");
            double bound = mean + Sigmas * std;
            // The training period is healthy by assumption, so the search starts after it: a start-up transient before or in it
            // must not label the whole run.
            int after = Array.FindIndex(table.Timestamps, t => t > TrainingEnd.Ticks);
            int onset = after < 0 ? -1 : Array.FindIndex(x, after, v => v > bound);
            var faults = onset < 0
                ? Array.Empty<FaultEpisode>()
                : [new FaultEpisode("derived-degradation", onset, table.RowCount - 1, $"DERIVED: first value above mean + {Sigmas:G} std = {bound:G5} of the training period, onwards")];
            string name = table.SensorNames[c];
            string device = name.Replace(' ', '-').ToLowerInvariant();
            devices.Add(new FleetDevice
            {
                Facility = "ims-test2",
                Device = device,
                Timestamps = table.Timestamps,
                SensorNames = ["vibration"],
                Columns = [x],
                Labels = LabelledFleetWriter.LabelsFrom(table.RowCount, faults),
                Faults = faults,
                Note = $"Channel `{name}` of {source}; training mean {mean:G5}, std {std:G5} over {n} rows, bound {bound:G5}.",
            });
        }
        var description = $"""
            NASA IMS bearing run-to-failure Test 2 ({source}; origin NASA Prognostics Data Repository, IMS Center, University of Cincinnati;
            Qiu, Lee, Lin, J. Sound Vib. 289 (2006)): one row = mean absolute acceleration of a 1-second snapshot every 10 minutes;
            bearing 1 fails (outer race) at the end. Timestamps are written as recorded (the source has no time zone) with a `Z`.
            One device per bearing, sensor `vibration`: the bearings are four similar clients whose data differ (only bearing 1 degrades
            strongly), which is a federated task; one device with four channels would be a single client.

            **The labels are DERIVED, not ground truth** (IMS has no row labels): per channel, mean + {Sigmas:G} standard deviations
            (sample std) of its values in the training period {TrainingStart:yyyy-MM-dd HH:mm:ss} .. {TrainingEnd:yyyy-MM-dd HH:mm:ss}
            (inclusive); a row is 1 from the first time after the training period that the channel exceeds that bound, onwards
            (degradation does not heal); rows up to the end of the training period are 0 (healthy by assumption).
            """;
        return new LabelledFleet("ims-test2", null, description, devices);
    }

    private static (double Mean, double Std, int Count) TrainingStatistics(long[] timestamps, float[] x)
    {
        double sum = 0, sumSq = 0;
        int n = 0;
        for (int i = 0; i < x.Length; i++)
        {
            if (timestamps[i] < TrainingStart.Ticks || timestamps[i] > TrainingEnd.Ticks || float.IsNaN(x[i])) continue;
            sum += x[i];
            sumSq += (double)x[i] * x[i];
            n++;
        }
        if (n < 2) return (0, 0, n);
        double mean = sum / n;
        return (mean, Math.Sqrt(Math.Max(0, (sumSq - n * mean * mean) / (n - 1))), n);
    }
}
