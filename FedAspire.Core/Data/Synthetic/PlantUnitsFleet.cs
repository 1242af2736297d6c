namespace FedAspire.Core.Data.Synthetic;

/// <summary>Parameters of <see cref="PlantUnitsFleet"/>.</summary>
public sealed record PlantUnitsOptions
{
    /// <summary>Seed; each pump's plant run gets its own seed derived from it and the pump's index (not its units).</summary>
    public int Seed { get; init; } = 42;

    /// <summary>Rows per pump (28,800 at 5 min = 100 days).</summary>
    public int RowsPerPump { get; init; } = 28_800;

    /// <summary>Time between rows.</summary>
    public TimeSpan Interval { get; init; } = TimeSpan.FromMinutes(5);

    /// <summary>Pumps per facility.</summary>
    public int PumpsPerFacility { get; init; } = 2;

    /// <summary>One unit system per facility (facility count = length).</summary>
    public IReadOnlyList<PlantUnitSystem> FacilityUnits { get; init; } = PlantUnitSystem.All;

    /// <summary>First timestamp (UTC).</summary>
    public DateTime Start { get; init; } = new(2024, 1, 1, 0, 0, 0, DateTimeKind.Utc);

    /// <summary>Throws naming the first invalid option.</summary>
    public void Validate()
    {
        if (RowsPerPump < 1000) throw new ArgumentException($"At least 1,000 rows per pump, got {RowsPerPump}.");
        if (Interval <= TimeSpan.Zero) throw new ArgumentException("Interval must be positive.");
        if (PumpsPerFacility < 1) throw new ArgumentException("At least one pump per facility.");
        if (FacilityUnits.Count < 1) throw new ArgumentException("At least one facility.");
    }
}

/// <summary>
/// The pump plant as facilities that measure in different units (°C/bar/m³/h, °F/psi/gpm, K/kPa/L/s: an affine map per quantity),
/// plus a mild slow drift per sensor; the physics and faults of a pump do not depend on its facility's units.
/// </summary>
public static class PlantUnitsFleet
{
    /// <summary>The seed of pump <paramref name="pumpIndex"/> (0-based over the fleet).</summary>
    public static int PumpSeed(int seed, int pumpIndex) => unchecked(seed * 7919 + 104_729 * (pumpIndex + 1));

    /// <summary>Generates the fleet.</summary>
    public static LabelledFleet Generate(PlantUnitsOptions options)
    {
        options.Validate();
        var devices = new List<FleetDevice>();
        int pumpIndex = 0;
        for (int f = 0; f < options.FacilityUnits.Count; f++)
        {
            var units = options.FacilityUnits[f];
            for (int p = 0; p < options.PumpsPerFacility; p++, pumpIndex++)
            {
                int seed = PumpSeed(options.Seed, pumpIndex);
                var pump = PlantFleet.Run(new SyntheticPlantOptions
                {
                    Rows = options.RowsPerPump,
                    Seed = seed,
                    Interval = options.Interval,
                    MeanDaysBetweenFailures = 30,
                    MeanRecoveryHours = 24,
                    MeanPreFailureHours = 36,
                });
                // Mild ageing in native units before the unit map, so a facility's twin in other units drifts identically.
                var rng = new SeededRandom(unchecked(seed + 1));
                int rows = options.RowsPerPump;
                foreach (var column in pump.Columns)
                {
                    double amount = rng.Uniform(-0.5, 0.5) * PlantFleet.Std(column);
                    for (int t = 0; t < rows; t++) column[t] += amount * t / rows;
                }
                devices.Add(PlantFleet.ToDevice($"plant-{(char)('a' + f)}", $"pump-{pumpIndex + 1}", pump, units, options.Start));
            }
        }
        var description = $"""
            The FedAspire synthetic pump plant (`SyntheticPumpPlant`: load regimes, shared physics, failures), one run per pump,
            reduced to ten sensors, {options.RowsPerPump:N0} rows at {options.Interval.TotalMinutes:G} min per pump. Facilities report in different
            units under the same column names: {string.Join("; ", options.FacilityUnits.Select((u, i) => $"`plant-{(char)('a' + i)}` {u.Temperature.Unit}, {u.Pressure.Unit}, {u.Flow.Unit}"))}
            (°F = 1.8 °C + 32, K = °C + 273.15, psi = 14.5038 bar, kPa = 100 bar, gpm = 4.40287 m³/h, L/s = m³/h / 3.6).
            Each sensor also drifts linearly by up to half its standard deviation over the run (not labelled).
            Label 1: the visible part of each pre-failure wear ramp (wear >= {PlantFleet.WearLabelThreshold}), the BROKEN rows and the RECOVERING
            outage; label 0 otherwise, including planned stops.
            """;
        return new LabelledFleet("plant-units", options.Seed, description, devices);
    }
}
