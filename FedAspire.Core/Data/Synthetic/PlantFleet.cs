namespace FedAspire.Core.Data.Synthetic;

/// <summary>
/// Shared building block of the pump-plant fleets: one <see cref="SyntheticPumpPlant"/> run per pump reduced to ten named
/// sensors, labelled 1 from the visible part of the pre-failure wear ramp through BROKEN and RECOVERING.
/// </summary>
public static class PlantFleet
{
    /// <summary>What a fleet sensor measures; decides which unit conversion applies.</summary>
    public enum Quantity
    {
        /// <summary>Not converted (A, rpm, mm/s).</summary>
        Other,
        /// <summary>Temperature.</summary>
        Temperature,
        /// <summary>Pressure.</summary>
        Pressure,
        /// <summary>Volume flow.</summary>
        Flow,
    }

    /// <summary>The fleet sensors: name, column of the Kaggle-schema plant and quantity.</summary>
    public static IReadOnlyList<(string Name, int PlantColumn, Quantity Quantity)> Sensors { get; } =
    [
        ("current", 0, Quantity.Other),
        ("speed", 4, Quantity.Other),
        ("flow", 5, Quantity.Flow),
        ("pressure", 10, Quantity.Pressure),
        ("winding_temperature", 16, Quantity.Temperature),
        ("bearing_temperature", 19, Quantity.Temperature),
        ("fluid_temperature", 23, Quantity.Temperature),
        ("vibration", 26, Quantity.Other),
        ("ambient_temperature", 42, Quantity.Temperature),
        ("lube_oil_pressure", 48, Quantity.Pressure),
    ];

    /// <summary>Wear above which a pre-failure row is labelled anomalous (the ramp is quadratic: its first third barely shows).</summary>
    public const double WearLabelThreshold = 0.1;

    /// <summary>One pump's series in native units (°C, bar, m³/h), as doubles, with labels and fault episodes.</summary>
    public sealed record Pump(long[] Timestamps, double[][] Columns, byte[] Labels, IReadOnlyList<FaultEpisode> Faults);

    /// <summary>Runs the plant for one pump and keeps the fleet sensors.</summary>
    public static Pump Run(SyntheticPlantOptions options)
    {
        var wear = new double[options.Rows];
        var table = SyntheticPumpPlant.Generate(options, null, wear);
        var columns = Sensors.Select(s => table.Column(s.PlantColumn).Select(v => (double)v).ToArray()).ToArray();
        var labels = new byte[table.RowCount];
        for (int t = 0; t < labels.Length; t++) labels[t] = (byte)(table.Labels![t] != 0 || wear[t] >= WearLabelThreshold ? 1 : 0);
        var faults = new List<FaultEpisode>();
        for (int t = 0; t < labels.Length; t++)
        {
            if (labels[t] == 0) continue;
            int start = t;
            while (t + 1 < labels.Length && labels[t + 1] != 0) t++;
            int broken = 0, recovering = 0;
            for (int r = start; r <= t; r++) { if (table.Labels![r] == 2) broken++; else if (table.Labels[r] == 1) recovering++; }
            int ramp = t - start + 1 - broken - recovering;
            faults.Add(new FaultEpisode(broken > 0 ? "pump-failure" : "wear-ramp", start, t,
                $"{ramp} rows of rising wear (vibration, bearing temperature, current up; flow down), {broken} BROKEN, {recovering} RECOVERING (pump locked out, test runs)"));
        }
        return new Pump(table.Timestamps, columns, labels, faults);
    }

    /// <summary>Standard deviation of the finite values (the drift scale of a sensor).</summary>
    public static double Std(double[] x)
    {
        double sum = 0, sumSq = 0;
        int n = 0;
        foreach (var v in x) if (double.IsFinite(v)) { sum += v; sumSq += v * v; n++; }
        if (n < 2) return 0;
        double mean = sum / n;
        return Math.Sqrt(Math.Max(0, (sumSq - n * mean * mean) / (n - 1)));
    }

    /// <summary>Makes the fleet device, converting each column with <paramref name="units"/>.</summary>
    public static FleetDevice ToDevice(string facility, string device, Pump pump, PlantUnitSystem units, DateTime start, string? note = null)
    {
        // The plant writes local ticks from its own start; shift them to the fleet's UTC start.
        long shift = start.Ticks - pump.Timestamps[0];
        var columns = new float[Sensors.Count][];
        for (int c = 0; c < Sensors.Count; c++)
        {
            var unit = Sensors[c].Quantity switch
            {
                Quantity.Temperature => units.Temperature,
                Quantity.Pressure => units.Pressure,
                Quantity.Flow => units.Flow,
                _ => new AffineUnit("", 1, 0),
            };
            columns[c] = pump.Columns[c].Select(v => double.IsNaN(v) ? float.NaN : (float)unit.Apply(v)).ToArray();
        }
        return new FleetDevice
        {
            Facility = facility,
            Device = device,
            Timestamps = pump.Timestamps.Select(t => t + shift).ToArray(),
            SensorNames = Sensors.Select(s => s.Name).ToArray(),
            Columns = columns,
            Labels = pump.Labels,
            Faults = pump.Faults,
            Note = note ?? $"Units: temperatures {units.Temperature.Unit}, pressures {units.Pressure.Unit}, flow {units.Flow.Unit}, current A, speed rpm, vibration mm/s.",
        };
    }
}
