namespace FedAspire.Core.Data.Synthetic;

/// <summary>Parameters of <see cref="MoteFleet"/>.</summary>
public sealed record MoteFleetOptions
{
    /// <summary>Seed of the single random source.</summary>
    public int Seed { get; init; } = 42;

    /// <summary>Days of data per mote.</summary>
    public double Days { get; init; } = 4;

    /// <summary>Time between readings (the Intel Berkeley lab motes report about every 31 s; one minute keeps several days under 200k rows).</summary>
    public TimeSpan Interval { get; init; } = TimeSpan.FromMinutes(1);

    /// <summary>First timestamp (UTC).</summary>
    public DateTime Start { get; init; } = new(2024, 3, 4, 0, 0, 0, DateTimeKind.Utc);

    /// <summary>Probability that a single reading is missing.</summary>
    public double MissingRate { get; init; } = 0.01;

    /// <summary>Throws naming the first invalid option.</summary>
    public void Validate()
    {
        if (!(Days > 0)) throw new ArgumentException($"Days must be positive, got {Days}.");
        if (Interval <= TimeSpan.Zero) throw new ArgumentException("Interval must be positive.");
        if (Days * 86400 / Interval.TotalSeconds < 500) throw new ArgumentException("At least 500 readings per mote are needed to place faults.");
        if (MissingRate is < 0 or >= 1) throw new ArgumentException($"Missing rate must be in [0, 1), got {MissingRate}.");
    }
}

/// <summary>
/// Wireless sensor motes in the spirit of the Intel Berkeley lab data: 3 facilities with different climates, 6-10 motes each,
/// sensors <c>temperature,humidity,light,voltage</c>, per-mote offsets and gains, daily cycles, slow drift, missing readings and
/// labelled faults (spike bursts, stuck-at, noise bursts, a battery drop followed by drifting readings); 2.5-4.5 % anomalous rows.
/// </summary>
public static class MoteFleet
{
    /// <summary>The sensor columns.</summary>
    public static IReadOnlyList<string> SensorNames { get; } = ["temperature", "humidity", "light", "voltage"];

    private sealed record Climate(string Name, double Temperature, double DailyAmplitude, double Humidity, double HumidityPerDegree,
        double Daylight, double Lamps, bool LampsAlwaysOn);

    // Facilities differ in level, daily swing, humidity coupling and light, so a model fitted to one does not fit the others.
    private static readonly Climate[] Climates =
    [
        new("office", 22, 1.5, 40, 1.5, 250, 380, false),
        new("greenhouse", 24, 6, 68, 3, 1400, 0, false),
        new("server-room", 18.5, 0.4, 30, 1, 0, 220, true),
    ];

    /// <summary>Generates the fleet.</summary>
    public static LabelledFleet Generate(MoteFleetOptions options)
    {
        options.Validate();
        var rng = new SeededRandom(options.Seed);
        int rows = (int)(options.Days * 86400 / options.Interval.TotalSeconds);
        double hoursPerRow = options.Interval.TotalHours;
        var ts = new long[rows];
        for (int t = 0; t < rows; t++) ts[t] = options.Start.Ticks + t * options.Interval.Ticks;

        var devices = new List<(Climate Climate, string Name, double[][] Values)>();
        int moteId = 0;
        foreach (var climate in Climates)
        {
            int motes = 6 + rng.Next(5);
            // Weather shared by the facility's motes: slow sinusoids with random phases, and a cloudiness per day.
            var phase = new[] { rng.Uniform(0, 2 * Math.PI), rng.Uniform(0, 2 * Math.PI) };
            var cloud = Enumerable.Range(0, (int)options.Days + 2).Select(_ => rng.Uniform(0.4, 1)).ToArray();
            for (int m = 0; m < motes; m++)
            {
                moteId++;
                double tOffset = 0.7 * rng.NextNormal(), tGain = rng.Uniform(0.8, 1.2), hOffset = 2.5 * rng.NextNormal(), hGain = rng.Uniform(0.95, 1.05);
                double lightGain = rng.Uniform(0.4, 1.6), v0 = rng.Uniform(2.62, 2.76), vDecayPerDay = rng.Uniform(0.004, 0.015);
                double tDriftPerDay = 0.08 * rng.NextNormal(), hDriftPerDay = 0.3 * rng.NextNormal();
                var values = new double[4][];
                for (int c = 0; c < 4; c++) values[c] = new double[rows];
                double local = 0;
                for (int t = 0; t < rows; t++)
                {
                    var time = new DateTime(ts[t], DateTimeKind.Utc);
                    double hour = time.TimeOfDay.TotalHours, days = t * hoursPerRow / 24;
                    double weather = 0.8 * Math.Sin(2 * Math.PI * days / 3.1 + phase[0]) + 0.5 * Math.Sin(2 * Math.PI * days / 1.7 + phase[1]);
                    double daily = Math.Sin(2 * Math.PI * (hour - 9) / 24);
                    local = 0.98 * local + 0.03 * rng.NextNormal();
                    double deviation = climate.DailyAmplitude * tGain * daily + weather + local;
                    values[0][t] = climate.Temperature + tOffset + deviation + tDriftPerDay * days + 0.05 * rng.NextNormal();
                    values[1][t] = Math.Clamp(hGain * (climate.Humidity - climate.HumidityPerDegree * deviation) + hOffset + hDriftPerDay * days + 0.2 * rng.NextNormal(), 0, 100);
                    double sun = hour is > 6 and < 18 ? Math.Sin(Math.PI * (hour - 6) / 12) : 0;
                    bool lampsOn = climate.LampsAlwaysOn || (time.DayOfWeek is not (DayOfWeek.Saturday or DayOfWeek.Sunday) && hour is >= 8 and < 18);
                    double light = lightGain * climate.Daylight * sun * cloud[(int)days] + (lampsOn ? climate.Lamps * (0.9 + 0.2 * lightGain / 1.6) : 0);
                    values[2][t] = Math.Max(0, light + 2 * rng.NextNormal());
                    values[3][t] = v0 - vDecayPerDay * days + 0.002 * (values[0][t] - 20) + 0.002 * rng.NextNormal();
                }
                devices.Add((climate, $"mote-{moteId:00}", values));
            }
        }

        var faults = devices.Select(_ => new List<FaultEpisode>()).ToList();
        int RowsOf(double minutes) => Math.Max(1, (int)Math.Round(minutes / options.Interval.TotalMinutes));

        // One mote per facility loses battery late in the run; afterwards its readings drift (the Intel data's failing motes).
        foreach (var climate in Climates)
        {
            var candidates = Enumerable.Range(0, devices.Count).Where(i => devices[i].Climate == climate).ToArray();
            int d = candidates[rng.Next(candidates.Length)];
            int start = rows - (int)(rows * rng.Uniform(0.06, 0.14));
            double dropVolts = rng.Uniform(0.25, 0.35), tPerHour = rng.Uniform(0.15, 0.4);
            var v = devices[d].Values;
            for (int t = start; t < rows; t++)
            {
                double h = (t - start) * hoursPerRow;
                v[3][t] -= dropVolts * Math.Min(1, h / 0.5) + 0.01 * h;
                v[0][t] += tPerHour * h;
                v[1][t] = Math.Max(0, v[1][t] - 2.5 * tPerHour * h);
            }
            faults[d].Add(new FaultEpisode("battery-drift", start, rows - 1, $"voltage drops {dropVolts:F2} V, then temperature drifts +{tPerHour:F2} °C/h and humidity -{2.5 * tPerHour:F2} %/h"));
        }

        // Short faults until a drawn share of rows is anomalous: the share then stays in range whatever the mote count.
        double target = rng.Uniform(0.028, 0.042);
        long total = (long)rows * devices.Count, labelled = faults.Sum(f => f.Sum(e => (long)(e.EndRow - e.StartRow + 1)));
        int guard = 0;
        while (labelled < target * total && guard++ < 100_000)
        {
            int d = rng.Next(devices.Count);
            double u = rng.NextDouble();
            string kind = u < 0.35 ? "spike-burst" : u < 0.7 ? "stuck-at" : "noise-burst";
            int length = kind switch
            {
                "spike-burst" => RowsOf(rng.Uniform(3, 12)),
                "stuck-at" => RowsOf(rng.Uniform(60, 240)),
                _ => RowsOf(rng.Uniform(20, 90)),
            };
            int start = rng.Next(rows - length - 1);
            int end = start + length - 1;
            // Keep a gap between faults so each one is a separate episode.
            int gap = RowsOf(10);
            if (faults[d].Any(f => start <= f.EndRow + gap && end >= f.StartRow - gap)) continue;
            var v = devices[d].Values;
            string detail;
            switch (kind)
            {
                case "spike-burst":
                    for (int t = start; t <= end; t++)
                    {
                        int c = rng.Next(3);
                        double sign = rng.NextDouble() < 0.5 ? -1 : 1;
                        v[c][t] += c switch { 0 => sign * rng.Uniform(6, 30), 1 => sign * rng.Uniform(15, 40), _ => rng.Uniform(300, 1500) };
                        if (c == 1) v[1][t] = Math.Clamp(v[1][t], 0, 100);
                        if (c == 2) v[2][t] = Math.Max(0, v[2][t]);
                    }
                    detail = "one large spike per reading on temperature, humidity or light";
                    break;
                case "stuck-at":
                    bool all = rng.NextDouble() < 0.5;
                    for (int c = 0; c < (all ? 4 : 2); c++)
                        for (int t = start + 1; t <= end; t++) v[c][t] = v[c][start];
                    detail = all ? "all sensors frozen" : "temperature and humidity frozen";
                    break;
                default:
                    double tNoise = rng.Uniform(0.8, 2), hNoise = rng.Uniform(3, 8);
                    for (int t = start; t <= end; t++)
                    {
                        v[0][t] += tNoise * rng.NextNormal();
                        v[1][t] = Math.Clamp(v[1][t] + hNoise * rng.NextNormal(), 0, 100);
                    }
                    detail = $"noise std {tNoise:F1} °C, {hNoise:F1} % RH";
                    break;
            }
            faults[d].Add(new FaultEpisode(kind, start, end, detail));
            labelled += length;
        }

        var result = new List<FleetDevice>();
        for (int d = 0; d < devices.Count; d++)
        {
            var columns = devices[d].Values.Select(col => col.Select(x => (float)x).ToArray()).ToArray();
            // Lost packets: single readings and short bursts where the mote reports nothing.
            int burst = 0;
            for (int t = 0; t < rows; t++)
            {
                if (burst == 0 && rng.NextDouble() < 0.001) burst = 1 + rng.Next(15);
                for (int c = 0; c < 4; c++)
                    if (burst > 0 || rng.NextDouble() < options.MissingRate) columns[c][t] = float.NaN;
                if (burst > 0) burst--;
            }
            var episodes = faults[d].OrderBy(f => f.StartRow).ToArray();
            result.Add(new FleetDevice
            {
                Facility = devices[d].Climate.Name,
                Device = devices[d].Name,
                Timestamps = ts,
                SensorNames = SensorNames,
                Columns = columns,
                Labels = LabelledFleetWriter.LabelsFrom(rows, episodes),
                Faults = episodes,
            });
        }
        var description = $"""
            Synthetic wireless sensor motes (FedAspire `MoteFleet`), {options.Days:G} days at {options.Interval.TotalSeconds:G} s per reading.
            Facilities: `office` (22 °C, small daily swing, office lighting on weekdays 08-18), `greenhouse` (24 °C, 6 °C daily swing,
            humid, daylight only), `server-room` (18.5 °C, dry, lamps always on). Each mote has its own temperature offset, daily-swing gain,
            humidity offset and gain, light gain (position), battery level and slow drift; readings are missing at random
            ({100 * options.MissingRate:G} %) and in short packet-loss bursts (empty cells, label unchanged).
            Faults (label 1): `spike-burst` (a few readings with large spikes), `stuck-at` (sensors frozen at one value), `noise-burst`
            (much larger noise), `battery-drift` (one mote per facility: voltage drops, then temperature and humidity drift until the end).
            Normal drift and daily cycles are not labelled.
            """;
        return new LabelledFleet("motes", options.Seed, description, result);
    }
}
