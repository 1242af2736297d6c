using System.Diagnostics;
using FedAspire.Core.Data.Partitioning;

namespace FedAspire.Devices.Commands;

/// <summary><c>partition</c>: splits one dataset into federated clients (CSV per client + client_metadata.json).</summary>
public sealed class PartitionCommand : ICliCommand
{
    /// <inheritdoc />
    public string Name => "partition";

    /// <inheritdoc />
    public string Summary => "dataset -> client CSVs + client_metadata.json (--input --format --strategy --clients --alpha --quantity|--pareto --out ...)";

    /// <inheritdoc />
    public Task<int> RunAsync(CommandArguments args, CancellationToken cancellationToken)
    {
        var strategyText = args.GetString("strategy", "hybrid");
        if (!Enum.TryParse<PartitionStrategy>(strategyText, ignoreCase: true, out var strategy) || int.TryParse(strategyText, out _))
            throw new CommandLineException($"Unknown --strategy '{strategyText}'. Use iid, clustering, dirichlet, temporal or hybrid.");
        bool realistic = args.Has("realistic");
        int clients = args.GetInt("clients", 5);
        var quantity = args.GetDoubles("quantity");
        double? pareto = args.Has("pareto") ? args.GetDouble("pareto", 1.16) : null;
        var sensorFractions = args.GetDoubles("sensor-fractions");
        var bias = args.GetDoubles("bias");
        var noise = args.GetDoubles("noise");
        var dropout = args.GetDoubles("dropout");
        var delay = args.GetDoubles("delay");
        if (realistic)
        {
            // The issue's realistic plant federation: uneven sizes, sensor subsets and mild per-site degradations.
            if (clients != 5) throw new CommandLineException("--realistic describes 5 clients.");
            quantity ??= strategy == PartitionStrategy.Clustering ? null : [0.05, 0.35, 0.15, 0.30, 0.15];
            sensorFractions ??= [1.0, 0.9, 0.7, 0.5, 0.4];
            bias ??= [0, 0.05, 0.10, 0.07, 0.10];
            noise ??= [0, 0.05, 0.10, 0.05, 0.20];
            dropout ??= [0, 0.01, 0.02, 0.05, 0.03];
            delay ??= [0, 0, 2, 0, 5];
        }
        var options = new PartitionOptions
        {
            Strategy = strategy,
            Clients = clients,
            Alpha = args.GetDouble("alpha", 0.5),
            QuantityFractions = quantity,
            ParetoShape = pareto,
            BlockLength = args.GetInt("block", 60),
            ClusterSensors = args.GetStringOrNull("cluster-sensors")?.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries),
            Seed = args.GetInt("seed", 42),
            Degradations = BuildDegradations(clients, sensorFractions, bias, noise, dropout, delay),
        };
        var output = args.GetString("out", "out/partition");
        int digits = args.GetInt("digits", 0);
        var (table, source) = InputTableLoader.Load(args);
        args.ThrowOnUnknown();

        Console.WriteLine($"Partitioning {table.RowCount:N0} rows x {table.SensorCount} sensors into {clients} clients with {strategy.ToString().ToLowerInvariant()} (seed {options.Seed})");
        var watch = Stopwatch.StartNew();
        PartitionResult result;
        try { result = Partitioner.Partition(table, options, source, new ConsoleProgress("partition")); }
        catch (ArgumentException e) { throw new CommandLineException(e.Message); }
        Console.WriteLine($"  partitioned in {watch.Elapsed.TotalSeconds:F1} s");
        foreach (var c in result.Metadata.Clients)
            Console.WriteLine($"  {c.Name}: {c.Samples,9:N0} rows ({c.Fraction:P1}), {c.Sensors.Count} sensors, missing {c.MissingRate:P2}, labels {string.Join(" ", c.LabelDistribution.Select(l => $"{l.Key}={l.Value}"))}");
        foreach (var note in result.Metadata.Notes) Console.WriteLine($"  note: {note}");
        var files = PartitionFiles.Write(result, output, digits, new ConsoleProgress("write"));
        Console.WriteLine($"Wrote {files.Count} files to {Path.GetFullPath(output)} (metadata: {PartitionFiles.MetadataFileName})");
        return Task.FromResult(0);
    }

    private static ClientDegradation[]? BuildDegradations(int clients, double[]? sensors, double[]? bias, double[]? noise, double[]? dropout, double[]? delay)
    {
        if (sensors is null && bias is null && noise is null && dropout is null && delay is null) return null;
        double At(double[]? values, string name, int i, double fallback)
        {
            if (values is null) return fallback;
            if (values.Length == 1) return values[0];
            if (values.Length != clients) throw new CommandLineException($"--{name} needs one value or {clients} (one per client), got {values.Length}.");
            return values[i];
        }
        var result = new ClientDegradation[clients];
        for (int i = 0; i < clients; i++)
        {
            double d = At(delay, "delay", i, 0);
            if (d < 0 || d != Math.Floor(d)) throw new CommandLineException($"--delay values are whole steps >= 0, got {d}.");
            result[i] = new ClientDegradation(At(sensors, "sensor-fractions", i, 1), At(bias, "bias", i, 0), At(noise, "noise", i, 0), At(dropout, "dropout", i, 0), (int)d);
        }
        return result;
    }
}
