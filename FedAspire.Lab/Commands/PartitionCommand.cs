using System.CommandLine;
using System.Diagnostics;
using FedAspire.Core.Data.Partitioning;

namespace FedAspire.Lab.Commands;

/// <summary><c>partition</c>: splits one dataset into federated clients (CSV per client + client_metadata.json).</summary>
public sealed class PartitionCommand : ICliCommand
{
    /// <inheritdoc />
    public Command Create()
    {
        var strategy = new Option<string>("--strategy") { Description = "iid, clustering, dirichlet, temporal or hybrid", DefaultValueFactory = _ => "hybrid" };
        var realistic = new Option<bool>("--realistic") { Description = "the realistic plant federation: 5 uneven clients, sensor subsets, mild degradations" };
        var clients = new Option<int>("--clients") { Description = "number of clients", DefaultValueFactory = _ => 5 };
        var alpha = new Option<double>("--alpha") { Description = "Dirichlet concentration (smaller = more skewed labels)", DefaultValueFactory = _ => 0.5 };
        var quantity = new Option<string?>("--quantity") { Description = "client shares, comma-separated (e.g. 0.05,0.35,0.6)" };
        var pareto = new Option<double?>("--pareto") { Description = "Pareto shape of client sizes (e.g. 1.16)" };
        var block = new Option<int>("--block") { Description = "rows per block for temporal and hybrid splits", DefaultValueFactory = _ => 60 };
        var clusterSensors = new Option<string?>("--cluster-sensors") { Description = "sensors the clustering strategy groups by (comma-separated)" };
        var seed = new Option<int>("--seed") { Description = "random seed", DefaultValueFactory = _ => 42 };
        var sensorFractions = new Option<string?>("--sensor-fractions") { Description = "share of sensors each client keeps (one value or one per client)" };
        var bias = new Option<string?>("--bias") { Description = "per-client sensor bias (one value or one per client)" };
        var noise = new Option<string?>("--noise") { Description = "per-client added noise (one value or one per client)" };
        var dropout = new Option<string?>("--dropout") { Description = "per-client missing-value rate (one value or one per client)" };
        var delay = new Option<string?>("--delay") { Description = "per-client delay in whole steps (one value or one per client)" };
        var output = new Option<string>("--out") { Description = "output folder", HelpName = "DIR", DefaultValueFactory = _ => "out/partition" };
        var digits = new Option<int>("--digits") { Description = "significant digits written (0 = as read)", DefaultValueFactory = _ => 0 };
        var input = new InputTableOptions();
        var command = new Command("partition", "one dataset -> client CSVs + client_metadata.json")
        {
            strategy, realistic, clients, alpha, quantity, pareto, block, clusterSensors, seed, sensorFractions, bias, noise, dropout, delay, output, digits,
        };
        input.AddTo(command);
        command.SetAction(parse =>
        {
            var strategyText = parse.GetRequiredValue(strategy);
            if (!Enum.TryParse<PartitionStrategy>(strategyText, ignoreCase: true, out var chosen) || int.TryParse(strategyText, out _))
                throw new CommandLineException($"Unknown --strategy '{strategyText}'. Use iid, clustering, dirichlet, temporal or hybrid.");
            int n = parse.GetValue(clients);
            var shares = CliValues.Doubles("--quantity", parse.GetValue(quantity));
            var fractions = CliValues.Doubles("--sensor-fractions", parse.GetValue(sensorFractions));
            var biases = CliValues.Doubles("--bias", parse.GetValue(bias));
            var noises = CliValues.Doubles("--noise", parse.GetValue(noise));
            var dropouts = CliValues.Doubles("--dropout", parse.GetValue(dropout));
            var delays = CliValues.Doubles("--delay", parse.GetValue(delay));
            if (parse.GetValue(realistic))
            {
                // The issue's realistic plant federation: uneven sizes, sensor subsets and mild per-site degradations.
                if (n != 5) throw new CommandLineException("--realistic describes 5 clients.");
                shares ??= chosen == PartitionStrategy.Clustering ? null : [0.05, 0.35, 0.15, 0.30, 0.15];
                fractions ??= [1.0, 0.9, 0.7, 0.5, 0.4];
                biases ??= [0, 0.05, 0.10, 0.07, 0.10];
                noises ??= [0, 0.05, 0.10, 0.05, 0.20];
                dropouts ??= [0, 0.01, 0.02, 0.05, 0.03];
                delays ??= [0, 0, 2, 0, 5];
            }
            var options = new PartitionOptions
            {
                Strategy = chosen,
                Clients = n,
                Alpha = parse.GetValue(alpha),
                QuantityFractions = shares,
                ParetoShape = parse.GetValue(pareto),
                BlockLength = parse.GetValue(block),
                ClusterSensors = CliValues.Names(parse.GetValue(clusterSensors)),
                Seed = parse.GetValue(seed),
                Degradations = BuildDegradations(n, fractions, biases, noises, dropouts, delays),
            };
            var (table, source) = input.Load(parse);
            return Run(table, source, options, parse.GetRequiredValue(output), parse.GetValue(digits));
        });
        return command;
    }

    private static int Run(Core.Data.SensorTable table, string source, PartitionOptions options, string output, int digits)
    {
        var (clients, strategy) = (options.Clients, options.Strategy);
        Console.WriteLine($"Partitioning {table.RowCount:N0} rows x {table.SensorCount} sensors into {clients} clients with {strategy.ToString().ToLowerInvariant()} (seed {options.Seed})");
        var watch = Stopwatch.StartNew();
        PartitionResult result;
        try { result = CliProgress.Run("partition", p => Partitioner.Partition(table, options, source, p)); }
        catch (ArgumentException e) { throw new CommandLineException(e.Message); }
        Console.WriteLine($"  partitioned in {watch.Elapsed.TotalSeconds:F1} s");
        foreach (var c in result.Metadata.Clients)
            Console.WriteLine($"  {c.Name}: {c.Samples,9:N0} rows ({c.Fraction:P1}), {c.Sensors.Count} sensors, missing {c.MissingRate:P2}, labels {string.Join(" ", c.LabelDistribution.Select(l => $"{l.Key}={l.Value}"))}");
        foreach (var note in result.Metadata.Notes) Console.WriteLine($"  note: {note}");
        var files = CliProgress.Run("write", p => PartitionFiles.Write(result, output, digits, p));
        Console.WriteLine($"Wrote {files.Count} files to {Path.GetFullPath(output)} (metadata: {PartitionFiles.MetadataFileName})");
        return 0;
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
