using FedAspire.Devices.Remote;

namespace FedAspire.Devices.Commands;

/// <summary><c>remote-facility</c>: joins a federation from another machine over the authenticated API; only model updates leave it.</summary>
public sealed class RemoteFacilityCommand : ICliCommand
{
    /// <summary>Environment variable read when <c>--api-key</c> is absent (keeps the key out of shell history and process lists).</summary>
    public const string ApiKeyVariable = "FEDASPIRE_REMOTE_API_KEY";

    /// <inheritdoc />
    public string Name => "remote-facility";

    /// <inheritdoc />
    public string Summary => $"join a federation over HTTPS with local data (--federation-url --facility --api-key|${ApiKeyVariable} --data)";

    /// <inheritdoc />
    public async Task<int> RunAsync(CommandArguments args, CancellationToken cancellationToken)
    {
        var url = args.GetStringOrNull("federation-url") ?? throw new CommandLineException("--federation-url is required, e.g. https://fed.example.org/");
        if (!Uri.TryCreate(url, UriKind.Absolute, out var federationUrl) || federationUrl.Scheme is not ("http" or "https"))
            throw new CommandLineException($"--federation-url '{url}' is not an http(s) URL.");
        var facility = args.GetStringOrNull("facility") ?? throw new CommandLineException("--facility is required (the id configured on the server).");
        var apiKey = args.GetStringOrNull("api-key") ?? Environment.GetEnvironmentVariable(ApiKeyVariable);
        if (string.IsNullOrWhiteSpace(apiKey)) throw new CommandLineException($"--api-key or the environment variable {ApiKeyVariable} is required.");
        var federation = args.GetString("federation", "pumps");
        double heldOut = args.GetDouble("held-out", 0.3);
        double wait = args.GetDouble("wait", 20);
        int rounds = args.GetInt("rounds", 0);
        if (!(heldOut >= 0 && heldOut < 1)) throw new CommandLineException($"--held-out must be in [0, 1), got {heldOut}.");
        if (!(wait >= 0 && wait <= 300)) throw new CommandLineException($"--wait must be in [0, 300] seconds, got {wait}.");
        if (rounds < 0) throw new CommandLineException($"--rounds must be >= 0, got {rounds}.");
        var (table, source) = InputTableLoader.Load(args, "data");
        args.ThrowOnUnknown();
        if (federationUrl.Scheme == "http" && !federationUrl.IsLoopback)
            Console.WriteLine($"warning: {federationUrl} is plain HTTP; the API key and updates travel unencrypted. Use https:// across machines.");

        var participant = PartitionParticipant.FromTable(facility, table, heldOut);
        Console.WriteLine($"Local data: {source}; {participant.TrainRows} training rows, {participant.HeldOutRows} held out");
        using var http = new HttpClient();
        var client = new RemoteFacilityClient(http, new RemoteFacilityClientOptions(federationUrl, federation, facility, apiKey, wait, rounds), participant, Console.Out);
        return await client.RunAsync(cancellationToken);
    }
}
