using System.CommandLine;
using FedAspire.Core.Telemetry;
using FedAspire.Devices.Simulation;
using FedAspire.Messaging;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging.Abstractions;

namespace FedAspire.Lab.Commands;

/// <summary><c>simulate</c>: replays the pump sample (or a partition) as live telemetry of many devices into Kafka or a JSON-lines file.</summary>
public sealed class SimulateCommand : ICliCommand
{
    /// <inheritdoc />
    public Command Create()
    {
        var devices = new Option<int>("--devices") { Description = "simulated devices", DefaultValueFactory = _ => 100 };
        var facilities = new Option<int>("--facilities") { Description = "facilities the devices are spread over", DefaultValueFactory = _ => 4 };
        var rate = new Option<double>("--rate") { Description = "records per second over all devices (0 = as fast as possible)", DefaultValueFactory = _ => 1000 };
        var records = new Option<long>("--records") { Description = "stop after this many records (0 = loop until Ctrl+C)", DefaultValueFactory = _ => 0 };
        var source = new Option<string?>("--source") { Description = "a pump CSV or a partition folder (default: the committed sample)", HelpName = "PATH" };
        var kafka = new Option<string?>("--kafka") { Description = "publish to this Kafka broker", HelpName = "HOST:PORT" };
        var output = new Option<string?>("--out") { Description = "write JSON lines to this file", HelpName = "FILE" };
        var command = new Command("simulate", "replay telemetry of many devices into Kafka, a JSON-lines file or a counting dry run")
        {
            devices, facilities, rate, records, source, kafka, output,
        };
        command.SetAction((parse, ct) => RunAsync(parse.GetValue(devices), parse.GetValue(facilities), parse.GetValue(rate), parse.GetValue(records),
            parse.GetValue(source), parse.GetValue(kafka), parse.GetValue(output), ct));
        return command;
    }

    private static async Task<int> RunAsync(int devices, int facilities, double rate, long records, string? source, string? kafka, string? output,
        CancellationToken cancellationToken)
    {
        if (devices < 1 || facilities < 1) throw new CommandLineException("--devices and --facilities must be at least 1.");
        if (rate < 0 || records < 0) throw new CommandLineException("--rate and --records must not be negative.");
        if (kafka is not null && output is not null) throw new CommandLineException("Give either --kafka or --out, not both.");
        if (kafka is null && output is null && records == 0) throw new CommandLineException("Without --kafka, give --out or --records (a dry run that only counts).");

        IReadOnlyList<Core.Data.SensorTable> tables;
        string description;
        try { (tables, description) = ReplayTables.Load(source); }
        catch (IOException e) { throw new CommandLineException(e.Message); }
        // A bad cell (inf, 1e300, text) names its file, line and column, as partition does: bad input exits 2, never a stack trace.
        catch (Core.Data.DataFormatException e) { throw new CommandLineException(e.Message); }
        catch (InvalidDataException e) { throw new CommandLineException(e.Message); }
        var replay = new TelemetryReplay(tables, devices, facilities, DateTimeOffset.UtcNow);

        ITelemetryPublisher publisher;
        if (kafka is not null)
        {
            var settings = KafkaSettings.FromConfiguration(new ConfigurationBuilder()
                .AddInMemoryCollection([new("ConnectionStrings:kafka", kafka)]).Build())!;
            await KafkaTopicInitializer.EnsureTopicsAsync(settings).ConfigureAwait(false);
            publisher = new KafkaTelemetryPublisher(settings, NullLogger.Instance);
        }
        else publisher = new JsonLinesTelemetryPublisher(output);

        Console.WriteLine($"Simulating {devices:N0} devices in {facilities} facilities from {description}");
        Console.WriteLine($"  into {publisher.Description} at {(rate > 0 ? $"{rate:N0} records/s" : "full speed")}, {(records > 0 ? $"{records:N0} records" : "until Ctrl+C")}");
        try
        {
            long sent = await TelemetrySimulation.RunAsync(replay, publisher, rate, records,
                (n, t) => Console.WriteLine($"  simulate: {n:N0} records in {t.TotalSeconds:F1} s ({n / Math.Max(t.TotalSeconds, 1e-3):N0}/s)"), cancellationToken).ConfigureAwait(false);
            Console.WriteLine($"Published {sent:N0} records into {publisher.Description}");
        }
        finally
        {
            (publisher as IDisposable)?.Dispose();
        }
        return 0;
    }

    /// <summary>Schema v1 JSON, one record per line, to a file (or nowhere for a counting dry run).</summary>
    private sealed class JsonLinesTelemetryPublisher : ITelemetryPublisher, IDisposable
    {
        private static readonly byte[] NewLine = "\n"u8.ToArray();
        private readonly Stream? _stream;

        public JsonLinesTelemetryPublisher(string? path)
        {
            Description = path is null ? "nowhere (dry run, counting only)" : Path.GetFullPath(path);
            if (path is not null) _stream = new BufferedStream(File.Create(path), 1 << 16);
        }

        public string Description { get; }

        public async ValueTask PublishAsync(TelemetryRecord record, CancellationToken cancellationToken)
        {
            if (_stream is null) return;
            await _stream.WriteAsync(TelemetryCodec.Encode(record), cancellationToken).ConfigureAwait(false);
            await _stream.WriteAsync(NewLine, cancellationToken).ConfigureAwait(false);
        }

        public void Flush(TimeSpan timeout) => _stream?.Flush();

        public void Dispose() => _stream?.Dispose();
    }
}
