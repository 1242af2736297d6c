using System.CommandLine;
using FedAspire.Devices.Remote;

namespace FedAspire.Lab.Commands;

/// <summary><c>remote-facility</c>: joins a federation from another machine over the authenticated API; only model updates leave it.</summary>
public sealed class RemoteFacilityCommand : ICliCommand
{
    /// <summary>Environment variable read when <c>--api-key</c> is absent (keeps the key out of shell history and process lists).</summary>
    public const string ApiKeyVariable = "FEDASPIRE_REMOTE_API_KEY";

    /// <inheritdoc />
    public Command Create()
    {
        var url = new Option<string>("--federation-url") { Description = "the federation's address, e.g. https://fed.example.org/", HelpName = "URL", Required = true };
        var facility = new Option<string>("--facility") { Description = "this facility's id, as configured on the server", Required = true };
        var apiKey = new Option<string?>("--api-key") { Description = $"the facility's key (default: the environment variable {ApiKeyVariable})" };
        var federation = new Option<string>("--federation") { Description = "the federation's name", DefaultValueFactory = _ => "pumps" };
        var heldOut = new Option<double>("--held-out") { Description = "share of the local rows held out for evaluation, in [0, 1)", DefaultValueFactory = _ => 0.3 };
        var wait = new Option<double>("--wait") { Description = "seconds to wait for an instruction per poll, in [0, 300]", DefaultValueFactory = _ => 20 };
        var rounds = new Option<int>("--rounds") { Description = "stop after this many rounds (0 = run until Ctrl+C)", DefaultValueFactory = _ => 0 };
        var data = new InputTableOptions("--data");
        var command = new Command("remote-facility", "join a federation over HTTPS with local data; only model updates leave this machine")
        {
            url, facility, apiKey, federation, heldOut, wait, rounds,
        };
        data.AddTo(command);
        command.SetAction((parse, ct) =>
        {
            var text = parse.GetRequiredValue(url);
            if (!Uri.TryCreate(text, UriKind.Absolute, out var federationUrl) || federationUrl.Scheme is not ("http" or "https"))
                throw new CommandLineException($"--federation-url '{text}' is not an http(s) URL.");
            var key = parse.GetValue(apiKey) ?? Environment.GetEnvironmentVariable(ApiKeyVariable);
            if (string.IsNullOrWhiteSpace(key)) throw new CommandLineException($"--api-key or the environment variable {ApiKeyVariable} is required.");
            double share = parse.GetValue(heldOut), seconds = parse.GetValue(wait);
            int count = parse.GetValue(rounds);
            if (!(share >= 0 && share < 1)) throw new CommandLineException($"--held-out must be in [0, 1), got {share}.");
            if (!(seconds >= 0 && seconds <= 300)) throw new CommandLineException($"--wait must be in [0, 300] seconds, got {seconds}.");
            if (count < 0) throw new CommandLineException($"--rounds must be >= 0, got {count}.");
            var (table, source) = data.Load(parse);
            return RunAsync(federationUrl, new RemoteFacilityClientOptions(federationUrl, parse.GetRequiredValue(federation), parse.GetRequiredValue(facility), key, seconds, count),
                PartitionParticipant.FromTable(parse.GetRequiredValue(facility), table, share), source, ct);
        });
        return command;
    }

    private static async Task<int> RunAsync(Uri federationUrl, RemoteFacilityClientOptions options, PartitionParticipant participant, string source,
        CancellationToken cancellationToken)
    {
        if (federationUrl.Scheme == "http" && !federationUrl.IsLoopback)
            Console.WriteLine($"warning: {federationUrl} is plain HTTP; the API key and updates travel unencrypted. Use https:// across machines.");

        Console.WriteLine($"Local data: {source}; {participant.TrainRows} training rows, {participant.HeldOutRows} held out");
        using var http = new HttpClient();
        var client = new RemoteFacilityClient(http, options, participant, Console.Out);
        return await client.RunAsync(cancellationToken);
    }
}
