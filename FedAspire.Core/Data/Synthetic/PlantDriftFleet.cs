namespace FedAspire.Core.Data.Synthetic;

/// <summary>Parameters of <see cref="PlantDriftFleet"/>.</summary>
public sealed record PlantDriftOptions
{
    /// <summary>Seed; each pump's plant run gets its own seed derived from it.</summary>
    public int Seed { get; init; } = 42;

    /// <summary>Rows per pump (28,800 at 5 min = 100 days).</summary>
    public int RowsPerPump { get; init; } = 28_800;

    /// <summary>Time between rows.</summary>
    public TimeSpan Interval { get; init; } = TimeSpan.FromMinutes(5);

    /// <summary>Facilities.</summary>
    public int Facilities { get; init; } = 2;

    /// <summary>Pumps per facility.</summary>
    public int PumpsPerFacility { get; init; } = 3;

    /// <summary>Share of the run with no failure (faults come late).</summary>
    public double HealthyFraction { get; init; } = 0.6;

    /// <summary>First timestamp (UTC).</summary>
    public DateTime Start { get; init; } = new(2024, 1, 1, 0, 0, 0, DateTimeKind.Utc);

    /// <summary>Throws naming the first invalid option.</summary>
    public void Validate()
    {
        if (RowsPerPump < 1000) throw new ArgumentException($"At least 1,000 rows per pump, got {RowsPerPump}.");
        if (Interval <= TimeSpan.Zero) throw new ArgumentException("Interval must be positive.");
        if (Facilities < 1 || PumpsPerFacility < 1) throw new ArgumentException("At least one facility and one pump per facility.");
        if (HealthyFraction is < 0 or >= 1) throw new ArgumentException($"The healthy fraction must be in [0, 1), got {HealthyFraction}.");
    }
}

/// <summary>
/// The pump plant with strong sensor ageing in normal operation (offset drift of 1.5-4 standard deviations and a gain change of
/// up to 15 % over the run) and failures only late, after a long healthy stretch: a model fitted early sees drifted data later.
/// </summary>
public static class PlantDriftFleet
{
    /// <summary>Generates the fleet.</summary>
    public static LabelledFleet Generate(PlantDriftOptions options)
    {
        options.Validate();
        var devices = new List<FleetDevice>();
        int pumpIndex = 0;
        int rows = options.RowsPerPump;
        for (int f = 0; f < options.Facilities; f++)
        {
            for (int p = 0; p < options.PumpsPerFacility; p++, pumpIndex++)
            {
                int seed = unchecked(options.Seed * 7919 + 15_485_863 * (pumpIndex + 1));
                var pump = PlantFleet.Run(new SyntheticPlantOptions
                {
                    Rows = rows,
                    Seed = seed,
                    Interval = options.Interval,
                    MeanDaysBetweenFailures = 12,
                    MeanRecoveryHours = 20,
                    MeanPreFailureHours = 36,
                    FailureFreeStart = options.Interval * (rows * options.HealthyFraction),
                });
                var rng = new SeededRandom(unchecked(seed + 1));
                foreach (var column in pump.Columns)
                {
                    double std = PlantFleet.Std(column);
                    double offset = (rng.NextDouble() < 0.5 ? -1 : 1) * rng.Uniform(1.5, 4) * std;
                    double shape = rng.Uniform(0.7, 1.5), gain = rng.Uniform(-0.15, 0.15);
                    for (int t = 0; t < rows; t++)
                    {
                        double age = (double)t / rows;
                        column[t] = column[t] * (1 + gain * age) + offset * Math.Pow(age, shape);
                    }
                }
                devices.Add(PlantFleet.ToDevice($"plant-{(char)('a' + f)}", $"pump-{pumpIndex + 1}", pump, PlantUnitSystem.Metric, options.Start));
            }
        }
        var description = $"""
            The FedAspire synthetic pump plant (`SyntheticPumpPlant`), one run per pump, reduced to ten sensors (°C, bar, m³/h, A, rpm, mm/s),
            {options.RowsPerPump:N0} rows at {options.Interval.TotalMinutes:G} min per pump. Sensor ageing in normal operation (not labelled): each
            sensor's offset drifts by 1.5-4 of its standard deviations over the run (power-law shape) and its gain changes by up to ±15 %.
            No failure starts in the first {100 * options.HealthyFraction:G} % of the run; afterwards failures come about every 12 days.
            Label 1: the visible part of each pre-failure wear ramp (wear >= {PlantFleet.WearLabelThreshold}), the BROKEN rows and the
            RECOVERING outage.
            """;
        return new LabelledFleet("plant-drift", options.Seed, description, devices);
    }
}
