using System.Globalization;

namespace FedAspire.Devices.Facilities;

/// <summary>
/// Facility data from a small generator (<c>FedAspire:Data:Source = synthetic</c>, and the tests' clusters): per facility, six
/// correlated sensors driven by a slowly varying load at a facility-specific operating point (non-IID across facilities), ~1 %
/// missing values, and held-out data with labelled fault segments (bearing vibration, cavitation pressure drop, motor overload)
/// that break the sensors' correlations. Deterministic for a seed.
/// </summary>
public sealed class SyntheticFacilities : IFacilityDataSource
{
    /// <summary>The plant's sensors.</summary>
    public static IReadOnlyList<string> SensorNames { get; } =
        ["flow", "suction_pressure", "discharge_pressure", "motor_current", "vibration", "bearing_temperature"];

    private readonly int _seed, _trainRows, _heldOutRows;
    private readonly Dictionary<string, int> _index;

    /// <summary>A plant of <paramref name="facilities"/> facilities named <c>facility-01</c>...</summary>
    public SyntheticFacilities(int facilities, int seed, int trainRows = 800, int heldOutRows = 400)
    {
        if (facilities < 1) throw new ArgumentOutOfRangeException(nameof(facilities), facilities, "A plant needs at least one facility.");
        if (trainRows < 1 || heldOutRows < 1) throw new ArgumentOutOfRangeException(nameof(trainRows), "Row counts must be positive.");
        _seed = seed; _trainRows = trainRows; _heldOutRows = heldOutRows;
        FacilityIds = Enumerable.Range(1, facilities).Select(i => $"facility-{i.ToString("D2", CultureInfo.InvariantCulture)}").ToArray();
        _index = FacilityIds.Select((id, i) => (id, i)).ToDictionary(x => x.id, x => x.i, StringComparer.Ordinal);
        Description = $"synthetic pump plant ({facilities} facilities x {trainRows} training + {heldOutRows} held-out rows, seed {seed})";
    }

    /// <inheritdoc />
    public string Description { get; }

    /// <inheritdoc />
    public IReadOnlyList<string> FacilityIds { get; }

    /// <inheritdoc />
    public IReadOnlyList<string> Features => SensorNames;

    /// <inheritdoc />
    public Task<FacilityPartition?> LoadAsync(string facilityId, CancellationToken cancellationToken) => Task.FromResult(Generate(facilityId));

    /// <summary>A held-out-only partition from a seed no facility uses: the server-side set for centralized evaluation.</summary>
    public static FacilityPartition ServerPartition(int seed, int rows = 400) =>
        new SyntheticFacilities(1, unchecked(seed + 104729), trainRows: 1, heldOutRows: rows).Generate("facility-01")!;

    /// <summary>The facility's partition (generated on each call), or null for an unknown id.</summary>
    public FacilityPartition? Generate(string facilityId)
    {
        if (!_index.TryGetValue(facilityId, out int k)) return null;
        var random = new Random(unchecked(_seed * 7919 + k));
        var pump = new PumpState(k);
        var train = new float[_trainRows * SensorNames.Count];
        for (int t = 0; t < _trainRows; t++) pump.Step(random, train.AsSpan(t * SensorNames.Count, SensorNames.Count), Fault.None);

        var heldOut = new float[_heldOutRows * SensorNames.Count];
        var labels = new bool[_heldOutRows];
        // Three fault segments, each ~8 % of the held-out span, at facility-dependent places.
        int segment = Math.Max(1, _heldOutRows / 12);
        var faults = new[] { Fault.Bearing, Fault.Cavitation, Fault.Overload };
        var starts = faults.Select((_, i) => (int)((i + 0.5 + 0.3 * random.NextDouble()) * _heldOutRows / faults.Length) - segment / 2).ToArray();
        for (int t = 0; t < _heldOutRows; t++)
        {
            var fault = Fault.None;
            for (int i = 0; i < faults.Length; i++)
                if (t >= starts[i] && t < starts[i] + segment) fault = faults[i];
            labels[t] = fault != Fault.None;
            pump.Step(random, heldOut.AsSpan(t * SensorNames.Count, SensorNames.Count), fault);
        }
        return new FacilityPartition(SensorNames, train, heldOut, labels);
    }

    private enum Fault { None, Bearing, Cavitation, Overload }

    private sealed class PumpState(int facility)
    {
        private readonly double _baseFlow = 40 + 8 * facility, _head = 5 + 0.7 * facility, _suction = 1.4 + 0.1 * facility;
        private double _load = 0.6, _target = 0.6, _temperature = 45 + facility;

        public void Step(Random random, Span<float> row, Fault fault)
        {
            if (random.NextDouble() < 0.01) _target = 0.3 + 0.7 * random.NextDouble();
            _load += 0.05 * (_target - _load) + 0.01 * Gaussian(random);
            double flow = _baseFlow * (0.6 + 0.4 * _load) + 0.4 * Gaussian(random);
            double suction = _suction - 0.004 * flow + 0.02 * Gaussian(random);
            double discharge = suction + _head * (1.25 - 0.25 * _load * _load) + 0.05 * Gaussian(random);
            double current = 8 + 0.012 * flow * (discharge - suction) + 0.1 * Gaussian(random);
            double vibration = 0.8 + 0.25 * _load + 0.03 * Gaussian(random);
            switch (fault)
            {
                case Fault.Bearing: vibration += 0.9 + 0.2 * Gaussian(random); break;
                case Fault.Cavitation: discharge -= 0.35 * _head; vibration += 0.3; break;
                case Fault.Overload: current *= 1.35; break;
            }
            _temperature += 0.05 * (35 + 1.2 * current + (fault == Fault.Bearing ? 8 : 0) - _temperature) + 0.05 * Gaussian(random);
            row[0] = (float)flow; row[1] = (float)suction; row[2] = (float)discharge;
            row[3] = (float)current; row[4] = (float)vibration; row[5] = (float)_temperature;
            // About 1 % of readings miss one sensor (dropped packet): exercises masks end to end.
            if (random.NextDouble() < 0.01) row[random.Next(row.Length)] = float.NaN;
        }

        private static double Gaussian(Random random) =>
            Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());
    }
}
