namespace FedAspire.Core.Data.Synthetic;

/// <summary>Parameters of <see cref="MachineTemperatureFleet"/>.</summary>
public sealed record MachineTemperatureOptions
{
    /// <summary>Seed of the single random source.</summary>
    public int Seed { get; init; } = 42;

    /// <summary>Days of data per machine.</summary>
    public double Days { get; init; } = 60;

    /// <summary>Time between readings (as the NAB machine temperature series).</summary>
    public TimeSpan Interval { get; init; } = TimeSpan.FromMinutes(5);

    /// <summary>First timestamp (UTC).</summary>
    public DateTime Start { get; init; } = new(2023, 12, 2, 0, 0, 0, DateTimeKind.Utc);

    /// <summary>Throws naming the first invalid option.</summary>
    public void Validate()
    {
        if (!(Days >= 10)) throw new ArgumentException($"At least 10 days are needed to place failures, got {Days}.");
        if (Interval <= TimeSpan.Zero || Interval > TimeSpan.FromHours(1)) throw new ArgumentException("Interval must be positive and at most one hour.");
    }
}

/// <summary>
/// Single-sensor machine temperature series in the spirit of NAB's machine_temperature_system_failure: 1-3 facilities with 1-2
/// machines, strong slow drift and unlabelled regime shifts in normal operation, and 2-3 labelled failure episodes per machine
/// (a ramp that ends in a shutdown, or a sudden drop without warning).
/// </summary>
public static class MachineTemperatureFleet
{
    /// <summary>The single sensor column.</summary>
    public static IReadOnlyList<string> SensorNames { get; } = ["temperature"];

    /// <summary>Generates the fleet.</summary>
    public static LabelledFleet Generate(MachineTemperatureOptions options)
    {
        options.Validate();
        var rng = new SeededRandom(options.Seed);
        int rows = (int)(options.Days * 24 / options.Interval.TotalHours);
        double hoursPerRow = options.Interval.TotalHours;
        int RowsOf(double hours) => Math.Max(1, (int)Math.Round(hours / hoursPerRow));
        var ts = new long[rows];
        for (int t = 0; t < rows; t++) ts[t] = options.Start.Ticks + t * options.Interval.Ticks;

        var devices = new List<FleetDevice>();
        int facilities = 1 + rng.Next(3);
        int machineId = 0;
        for (int f = 0; f < facilities; f++)
        {
            int machines = 1 + rng.Next(2);
            double ambient = rng.Uniform(18, 32);
            for (int m = 0; m < machines; m++)
            {
                machineId++;
                // Operating level: the machine's set point plus regimes (load changes) that shift it for days.
                double level = rng.Uniform(70, 95), regime = 0, regimeTarget = 0;
                int regimeLeft = RowsOf(rng.Uniform(48, 240));
                double drift = 0, slope = rng.Uniform(-0.25, 0.25) / 24 * hoursPerRow, ar = 0;
                double dailyAmplitude = rng.Uniform(0.5, 2.5);
                var normal = new double[rows];
                for (int t = 0; t < rows; t++)
                {
                    if (--regimeLeft <= 0)
                    {
                        regimeTarget = rng.Uniform(-9, 9);
                        regimeLeft = RowsOf(rng.Uniform(48, 240));
                    }
                    // Regime changes settle within a few hours: abrupt enough to look like faults, but normal.
                    regime += (regimeTarget - regime) * Math.Min(1, hoursPerRow / 1.5);
                    // Strong slow drift: a slope that itself wanders (integrated random walk).
                    slope += 0.004 / 24 * hoursPerRow * rng.NextNormal() * Math.Sqrt(hoursPerRow);
                    slope = Math.Clamp(slope, -0.6 / 24 * hoursPerRow, 0.6 / 24 * hoursPerRow);
                    drift += slope;
                    ar = 0.9 * ar + 0.35 * rng.NextNormal();
                    double hour = t * hoursPerRow % 24;
                    normal[t] = level + regime + drift + dailyAmplitude * Math.Sin(2 * Math.PI * (hour - 10) / 24) + ar;
                }

                // Failures in disjoint slots after a healthy first week.
                int failures = 2 + rng.Next(2);
                var faults = new List<FaultEpisode>();
                int healthy = RowsOf(7 * 24);
                int slot = (rows - healthy) / failures;
                var values = (double[])normal.Clone();
                for (int k = 0; k < failures; k++)
                {
                    bool ramp = rng.NextDouble() < 0.6;
                    int rampRows = ramp ? RowsOf(rng.Uniform(8, 30)) : 0;
                    int downRows = RowsOf(rng.Uniform(2, 12));
                    int warmRows = RowsOf(1);
                    int length = rampRows + downRows + warmRows;
                    int start = healthy + k * slot + rng.Next(Math.Max(1, slot - length - RowsOf(24)));
                    double rise = rng.Uniform(8, 20);
                    for (int i = 0; i < rampRows; i++)
                    {
                        double x = (double)(i + 1) / rampRows;
                        values[start + i] += rise * x * x;
                    }
                    // The stop: temperature falls towards ambient with a 30-minute time constant and stays down.
                    double from = ramp ? values[start + rampRows - 1] : normal[start];
                    for (int i = 0; i < downRows; i++)
                    {
                        double h = (i + 1) * hoursPerRow;
                        values[start + rampRows + i] = ambient + (from - ambient) * Math.Exp(-h / 0.5) + 0.3 * rng.NextNormal();
                    }
                    // The restart warms up within the labelled span, so the first row labelled normal again is normal.
                    double cold = values[start + rampRows + downRows - 1];
                    for (int i = 0; i < warmRows; i++)
                    {
                        int r = start + rampRows + downRows + i;
                        double x = (double)(i + 1) / warmRows;
                        values[r] = cold + (normal[r] - cold) * x;
                    }
                    faults.Add(ramp
                        ? new FaultEpisode("ramp-to-failure", start, start + length - 1, $"rises {rise:F1} °C over {rampRows * hoursPerRow:F1} h, then shuts down for {downRows * hoursPerRow:F1} h and restarts")
                        : new FaultEpisode("sudden-drop", start, start + length - 1, $"drops to ambient ({ambient:F1} °C) without warning for {downRows * hoursPerRow:F1} h, then restarts"));
                }
                var column = values.Select(v => (float)v).ToArray();
                // Rare lost readings, never labelled.
                for (int t = 0; t < rows; t++) if (rng.NextDouble() < 0.002) column[t] = float.NaN;
                devices.Add(new FleetDevice
                {
                    Facility = $"site-{f + 1}",
                    Device = $"machine-{machineId}",
                    Timestamps = ts,
                    SensorNames = SensorNames,
                    Columns = [column],
                    Labels = LabelledFleetWriter.LabelsFrom(rows, faults),
                    Faults = faults,
                });
            }
        }
        var description = $"""
            Synthetic machine temperature series (FedAspire `MachineTemperatureFleet`), {options.Days:G} days at {options.Interval.TotalMinutes:G} min.
            Normal operation (label 0) has a machine-specific set point, regime shifts of up to ±9 °C that settle within hours and last
            2-10 days, a strong slow drift whose slope itself wanders (up to 0.6 °C/day), a daily swing and correlated noise.
            Failures (label 1) after a healthy first week: `ramp-to-failure` (temperature climbs quadratically for 8-30 h, then the machine
            stops and cools towards ambient) and `sudden-drop` (a stop without warning). The labelled span ends after a one-hour warm-up on restart.
            """;
        return new LabelledFleet("machine-temperature", options.Seed, description, devices);
    }
}
