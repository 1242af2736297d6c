using System.Globalization;
using System.Text;

namespace FedAspire.Core.Data.Synthetic;

/// <summary>
/// Writes the small committed example <c>data/examples/csv-fleet</c>: three facility folders with two device CSVs each, one row a
/// minute, a few labelled faults in the later rows. Deterministic by seed, so the committed files can be checked against it.
/// </summary>
public static class CsvFleetGenerator
{
    private sealed record Device(string Facility, string Name, char Separator, bool Pressure, bool Fahrenheit, bool Labelled, (int Start, int Length)[] Faults);

    // Different units (south-plant reads Fahrenheit), a facility without the pressure sensor and a device without labels: what a real fleet looks like.
    private static readonly Device[] Devices =
    [
        new("north-plant", "pump-a", ',', true, false, true, [(90, 8), (300, 15)]),
        new("north-plant", "pump-b", ',', true, false, true, [(340, 12)]),
        new("south-plant", "pump-a", ',', true, true, true, [(280, 10), (360, 14)]),
        new("south-plant", "compressor-1", ',', true, true, true, [(320, 16)]),
        new("east-depot", "fan-1", ';', false, false, true, [(310, 12), (370, 10)]),
        new("east-depot", "fan-2", ';', false, false, false, [(330, 12)]),
    ];

    /// <summary>Writes every device file under <paramref name="directory"/>; returns the paths written.</summary>
    public static IReadOnlyList<string> Write(string directory, int seed = 7, int rows = 400)
    {
        var written = new List<string>();
        var start = new DateTime(2026, 1, 5, 0, 0, 0);
        for (int d = 0; d < Devices.Length; d++)
        {
            var device = Devices[d];
            var random = new SeededRandom(seed * 1000 + d);
            var sep = device.Separator;
            var text = new StringBuilder();
            text.Append("timestamp").Append(sep).Append("temperature").Append(sep).Append("vibration");
            if (device.Pressure) text.Append(sep).Append("pressure");
            if (device.Labelled) text.Append(sep).Append("label");
            text.Append('\n');
            double baseTemperature = 60 + 4 * d, phase = random.Uniform(0, 2 * Math.PI);
            for (int r = 0; r < rows; r++)
            {
                double fault = 0;
                foreach (var (s, length) in device.Faults)
                    if (r >= s && r < s + length) fault = Math.Min(1, (r - s + 1) / 4.0);
                double cycle = Math.Sin(2 * Math.PI * r / 240 + phase);
                double temperature = baseTemperature + 2 * cycle + 0.3 * random.NextNormal() + 6 * fault;
                if (device.Fahrenheit) temperature = temperature * 9 / 5 + 32;
                double vibration = 2 + 0.3 * cycle + 0.08 * random.NextNormal() + 1.8 * fault;
                double pressure = 5 + 0.1 * cycle + 0.04 * random.NextNormal() - 0.9 * fault;
                text.Append(start.AddMinutes(r).ToString("yyyy-MM-ddTHH:mm:ss", CultureInfo.InvariantCulture))
                    .Append(sep).Append(temperature.ToString("0.00", CultureInfo.InvariantCulture))
                    .Append(sep).Append(vibration.ToString("0.000", CultureInfo.InvariantCulture));
                if (device.Pressure) text.Append(sep).Append(pressure.ToString("0.00", CultureInfo.InvariantCulture));
                if (device.Labelled) text.Append(sep).Append(fault > 0 ? "fault" : "normal");
                text.Append('\n');
            }
            var folder = Path.Combine(directory, device.Facility);
            Directory.CreateDirectory(folder);
            var path = Path.Combine(folder, device.Name + ".csv");
            File.WriteAllText(path, text.ToString());
            written.Add(path);
        }
        return written;
    }
}
