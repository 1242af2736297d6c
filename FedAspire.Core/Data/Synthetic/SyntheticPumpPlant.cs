namespace FedAspire.Core.Data.Synthetic;

/// <summary>
/// Deterministic generator of a plausible pump plant in the Kaggle schema (<c>sensor_00..sensor_51</c>, <c>machine_status</c>):
/// a load regime process with start-stop cycles and first-order ramps, sensors derived from shared physics (flow ~ speed,
/// head ~ speed^2, current ~ hydraulic power / efficiency, temperatures as first-order lags of heat input, vibration ~ speed^2 and wear),
/// per-sensor gain, offset, noise and slow drift, missing data, and failure episodes: a pre-failure wear ramp (still NORMAL),
/// BROKEN rows, then a RECOVERING outage with short test runs, after which the pump is repaired.
/// </summary>
public static class SyntheticPumpPlant
{
    /// <summary>Number of sensor columns (as in the Kaggle data).</summary>
    public const int SensorCount = 52;

    /// <summary>What each of the 52 sensors measures, by column index.</summary>
    public static IReadOnlyList<PlantSignal> SensorSignals { get; } = BuildSignals();

    /// <summary>Column names <c>sensor_00..sensor_51</c>.</summary>
    public static IReadOnlyList<string> SensorNames { get; } = Enumerable.Range(0, SensorCount).Select(i => $"sensor_{i:00}").ToArray();

    private static PlantSignal[] BuildSignals()
    {
        var s = new PlantSignal[SensorCount];
        void Set(int from, int to, PlantSignal signal) { for (int i = from; i <= to; i++) s[i] = signal; }
        Set(0, 3, PlantSignal.MotorCurrent);
        Set(4, 4, PlantSignal.Speed);
        Set(5, 9, PlantSignal.Flow);
        Set(10, 14, PlantSignal.Pressure);
        Set(15, 15, PlantSignal.Dead);
        Set(16, 18, PlantSignal.WindingTemperature);
        Set(19, 22, PlantSignal.BearingTemperature);
        Set(23, 25, PlantSignal.FluidTemperature);
        Set(26, 37, PlantSignal.Vibration);
        Set(38, 41, PlantSignal.ValveOpening);
        Set(42, 43, PlantSignal.Ambient);
        Set(44, 47, PlantSignal.Power);
        Set(48, 51, PlantSignal.LubeOilPressure);
        return s;
    }

    /// <summary>
    /// Generates the plant; <paramref name="progress"/> receives the fraction done and <paramref name="wear"/>, when given
    /// (one per row), the pump's wear (0 healthy .. 1 failed), which shows the pre-failure ramp the labels leave NORMAL.
    /// </summary>
    public static SensorTable Generate(SyntheticPlantOptions options, IProgress<double>? progress = null, double[]? wear = null)
    {
        options.Validate();
        if (wear is not null && wear.Length != options.Rows) throw new ArgumentException($"The wear array has {wear.Length} rows, expected {options.Rows}.", nameof(wear));
        var rng = new SeededRandom(options.Seed);
        int rows = options.Rows;
        double minutes = options.Interval.TotalMinutes;
        double stepsPerHour = 60.0 / minutes;
        double stepsPerDay = 24 * stepsPerHour;

        // Per-sensor measurement model: value = offset + gain * signal + drift(t) + noise * N(0,1).
        var gain = new double[SensorCount];
        var offset = new double[SensorCount];
        var noise = new double[SensorCount];
        var driftRate = new double[SensorCount];
        var drift = new double[SensorCount];
        for (int c = 0; c < SensorCount; c++)
        {
            var (g, o, n) = Scale(SensorSignals[c]);
            gain[c] = g * rng.Uniform(0.9, 1.1);
            offset[c] = o * rng.Uniform(0.95, 1.05);
            noise[c] = n * rng.Uniform(0.7, 1.3);
            // Slow drift: a few percent of the signal scale per 30 days, random direction.
            driftRate[c] = g * rng.Uniform(-0.03, 0.03) / (30 * stepsPerDay);
        }

        var ts = new long[rows];
        var labels = new int[rows];
        var cols = new float[SensorCount][];
        for (int c = 0; c < SensorCount; c++) cols[c] = new float[rows];

        // Plant state.
        double load = 0, targetLoad = 0.8, valve = 0.85;
        double tWinding = 25, tBearing = 25, tFluid = 25;
        int regimeLeft = (int)(rng.NextExponential(6) * stepsPerHour);
        int nextFailure = ScheduleFailure(rng, (int)Math.Min(rows, options.FailureFreeStart.Ticks / options.Interval.Ticks), options, stepsPerDay, stepsPerHour, out int preFailure);
        int brokenLeft = 0, recoveryLeft = 0, recoveryLength = 0;
        // sensor_50 loses its feed for a long stretch (as in the Kaggle data), sensor_51 for shorter outages.
        int outage50Start = (int)(rows * rng.Uniform(0.55, 0.7));
        int outage51Left = 0;
        int step = Math.Max(1, rows / 50);

        for (int t = 0; t < rows; t++)
        {
            ts[t] = options.Start.Ticks + t * options.Interval.Ticks;
            int status = 0;
            double wearNow = 0;
            bool isolated = false;
            if (brokenLeft == 0 && recoveryLeft == 0 && t == nextFailure)
            {
                brokenLeft = options.BrokenRowsPerFailure;
                recoveryLength = recoveryLeft = Math.Max(1, (int)(options.MeanRecoveryHours * stepsPerHour * Math.Exp(0.4 * rng.NextNormal() - 0.08)));
            }
            if (brokenLeft > 0)
            {
                status = 2;
                brokenLeft--;
                wearNow = 1;
                load = 0;
            }
            else if (recoveryLeft > 0)
            {
                status = 1;
                recoveryLeft--;
                // Outage, then short low-load test runs in the last fifth of the repair.
                bool testing = recoveryLeft < recoveryLength / 5 && (recoveryLeft / (int)Math.Max(1, stepsPerHour)) % 2 == 0;
                // Under repair the pump is locked out (isolation valve closed) except for its test runs, and it stays worn until the
                // repair ends: this is what tells a repair outage from a planned stop, which keeps its valve setting and a healthy pump.
                isolated = !testing;
                wearNow = 1;
                targetLoad = testing ? 0.5 : 0;
                load += (targetLoad - load) * Math.Min(1, minutes / 5);
                if (recoveryLeft == 0)
                {
                    nextFailure = ScheduleFailure(rng, t + 1, options, stepsPerDay, stepsPerHour, out preFailure);
                    targetLoad = 0.8;
                    regimeLeft = (int)(rng.NextExponential(6) * stepsPerHour);
                }
            }
            else
            {
                int untilFailure = nextFailure - t;
                if (untilFailure <= preFailure) { double x = 1 - (double)untilFailure / preFailure; wearNow = x * x; }
                if (--regimeLeft <= 0)
                {
                    // Regimes: stop (15%), low, mid, full load; running regimes last hours, stops less.
                    double u = rng.NextDouble();
                    targetLoad = u < 0.15 ? 0 : u < 0.35 ? 0.6 : u < 0.7 ? 0.8 : 1.0;
                    regimeLeft = Math.Max(1, (int)(rng.NextExponential(targetLoad == 0 ? 1.5 : 7) * stepsPerHour));
                }
                load += (targetLoad - load) * Math.Min(1, minutes / 5);
            }

            double ambient = 22 + 6 * Math.Sin(2 * Math.PI * (t / stepsPerDay - 0.3)) + 3 * Math.Sin(2 * Math.PI * t / (120 * stepsPerDay));
            valve = Math.Clamp(valve + 0.004 * rng.NextNormal() * Math.Sqrt(minutes), 0.6, 1.0);
            double opening = isolated ? 0.02 : valve;
            double running = load > 0.02 ? 1 : 0;
            double speed = load;
            double efficiency = 0.82 * (1 - 0.25 * wearNow);
            double flow = speed * Math.Sqrt(opening) * (1 - 0.2 * wearNow);
            double head = speed * speed * (1.15 - 0.15 * opening) * (1 - 0.1 * wearNow);
            double hydraulic = flow * head;
            double current = running * (0.25 + 0.75 * hydraulic / efficiency);
            double power = current * (0.9 + 0.05 * speed);
            double vibration = 0.05 + speed * speed * (1 + 5 * wearNow * wearNow) + 2 * wearNow * running;
            double lubeOil = running * (0.3 + 0.7 * speed);
            // First-order thermal lags: tau of 40 min (winding), 60 min (bearing), 90 min (fluid).
            tWinding += (ambient + 55 * current * current - tWinding) * Math.Min(1, minutes / 40);
            tBearing += (ambient + 20 * speed + 35 * wearNow * running - tBearing) * Math.Min(1, minutes / 60);
            tFluid += (ambient + 8 + 6 * speed - tFluid) * Math.Min(1, minutes / 90);

            for (int c = 0; c < SensorCount; c++)
            {
                double signal = SensorSignals[c] switch
                {
                    PlantSignal.MotorCurrent => current,
                    PlantSignal.Speed => speed,
                    PlantSignal.Flow => flow,
                    PlantSignal.Pressure => head,
                    PlantSignal.WindingTemperature => tWinding,
                    PlantSignal.BearingTemperature => tBearing,
                    PlantSignal.FluidTemperature => tFluid,
                    PlantSignal.Vibration => vibration,
                    PlantSignal.ValveOpening => opening,
                    PlantSignal.Ambient => ambient,
                    PlantSignal.Power => power,
                    PlantSignal.LubeOilPressure => lubeOil,
                    _ => double.NaN,
                };
                drift[c] += driftRate[c];
                double value = offset[c] + gain[c] * signal + drift[c] + noise[c] * rng.NextNormal();
                cols[c][t] = (float)value;
            }
            labels[t] = status;
            if (wear is not null) wear[t] = wearNow;

            // Missing data: the dead sensor, a long outage of sensor_50, short outages of sensor_51, rare single dropouts.
            cols[15][t] = float.NaN;
            if (t >= outage50Start) cols[50][t] = float.NaN;
            if (outage51Left > 0) { cols[51][t] = float.NaN; outage51Left--; }
            else if (rng.NextDouble() < 0.0005) outage51Left = (int)(rng.Uniform(0.5, 6) * stepsPerHour);
            if (rng.NextDouble() < 0.002) cols[rng.Next(SensorCount)][t] = float.NaN;

            if (progress is not null && t % step == 0) progress.Report((double)t / rows);
        }
        progress?.Report(1);
        return new SensorTable(ts, SensorNames, cols, labels, LabelScheme.PumpStatus);
    }

    private static int ScheduleFailure(SeededRandom rng, int from, SyntheticPlantOptions o, double stepsPerDay, double stepsPerHour, out int preFailure)
    {
        preFailure = Math.Max(1, (int)(o.MeanPreFailureHours * stepsPerHour * rng.Uniform(0.5, 1.5)));
        double gap = rng.NextExponential(o.MeanDaysBetweenFailures * stepsPerDay);
        long at = from + Math.Max(preFailure + (long)stepsPerHour, (long)gap);
        return at > int.MaxValue ? int.MaxValue : (int)at;
    }

    /// <summary>Gain, offset and noise (in sensor units) of each signal kind, chosen to look like the Kaggle sensors' ranges.</summary>
    private static (double Gain, double Offset, double Noise) Scale(PlantSignal signal) => signal switch
    {
        PlantSignal.MotorCurrent => (2.0, 0.5, 0.03),
        PlantSignal.Speed => (1480, 2, 4),
        PlantSignal.Flow => (600, 5, 6),
        PlantSignal.Pressure => (45, 1, 0.4),
        PlantSignal.WindingTemperature => (1, 0, 0.3),
        PlantSignal.BearingTemperature => (1, 0, 0.2),
        PlantSignal.FluidTemperature => (1, 0, 0.15),
        PlantSignal.Vibration => (4, 0.3, 0.25),
        PlantSignal.ValveOpening => (100, 0, 0.5),
        PlantSignal.Ambient => (1, 0, 0.2),
        PlantSignal.Power => (180, 2, 2.5),
        PlantSignal.LubeOilPressure => (3.5, 0.2, 0.05),
        _ => (0, 0, 0),
    };
}
