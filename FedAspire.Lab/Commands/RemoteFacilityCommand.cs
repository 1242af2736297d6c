using System.CommandLine;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using FedAspire.Devices.Remote;

namespace FedAspire.Lab.Commands;

/// <summary><c>remote-facility</c>: joins a federation from another machine over the authenticated API; only model updates leave it.</summary>
public sealed class RemoteFacilityCommand : ICliCommand
{
    /// <summary>Environment variable read when <c>--api-key</c> is absent (keeps the key out of shell history and process lists).</summary>
    public const string ApiKeyVariable = "FEDASPIRE_REMOTE_API_KEY";

    /// <summary>Environment variable read when <c>--client-cert-password</c> is absent.</summary>
    public const string CertificatePasswordVariable = "FEDASPIRE_CLIENT_CERT_PASSWORD";

    /// <inheritdoc />
    public Command Create()
    {
        var url = new Option<string>("--federation-url") { Description = "the federation's address, e.g. https://fed.example.org/", HelpName = "URL", Required = true };
        var facility = new Option<string>("--facility") { Description = "this facility's id, as configured on the server", Required = true };
        var apiKey = new Option<string?>("--api-key") { Description = $"the facility's key (default: the environment variable {ApiKeyVariable}); optional with --client-cert when the server pins only the certificate" };
        var clientCert = new Option<string?>("--client-cert") { Description = "client certificate to present (mTLS): a .pfx/.p12, or a PEM certificate with --client-key", HelpName = "PATH" };
        var clientKey = new Option<string?>("--client-key") { Description = "PEM private key of a PEM --client-cert", HelpName = "PATH" };
        var clientPassword = new Option<string?>("--client-cert-password") { Description = $"password of the .pfx or the encrypted PEM key (default: the environment variable {CertificatePasswordVariable})" };
        var serverCa = new Option<string?>("--server-ca") { Description = "CA certificate (PEM or DER) to trust for the server's certificate instead of the system store", HelpName = "PATH" };
        var federation = new Option<string>("--federation") { Description = "the federation's name", DefaultValueFactory = _ => "pumps" };
        var heldOut = new Option<double>("--held-out") { Description = "share of the local rows held out for evaluation, in [0, 1)", DefaultValueFactory = _ => 0.3 };
        var wait = new Option<double>("--wait") { Description = "seconds to wait for an instruction per poll, in [0, 300]", DefaultValueFactory = _ => 20 };
        var rounds = new Option<int>("--rounds") { Description = "stop after this many rounds (0 = run until Ctrl+C)", DefaultValueFactory = _ => 0 };
        var data = new InputTableOptions("--data");
        var command = new Command("remote-facility", "join a federation over HTTPS with local data; only model updates leave this machine")
        {
            url, facility, apiKey, clientCert, clientKey, clientPassword, serverCa, federation, heldOut, wait, rounds,
        };
        data.AddTo(command);
        command.SetAction((parse, ct) =>
        {
            var text = parse.GetRequiredValue(url);
            if (!Uri.TryCreate(text, UriKind.Absolute, out var federationUrl) || federationUrl.Scheme is not ("http" or "https"))
                throw new CommandLineException($"--federation-url '{text}' is not an http(s) URL.");
            var key = parse.GetValue(apiKey) ?? Environment.GetEnvironmentVariable(ApiKeyVariable);
            var certPath = parse.GetValue(clientCert);
            if (string.IsNullOrWhiteSpace(key) && certPath is null)
                throw new CommandLineException($"--api-key (or the environment variable {ApiKeyVariable}) or --client-cert is required.");
            if (parse.GetValue(clientKey) is not null && certPath is null) throw new CommandLineException("--client-key needs --client-cert.");
            if ((certPath is not null || parse.GetValue(serverCa) is not null) && federationUrl.Scheme != "https")
                throw new CommandLineException($"--client-cert and --server-ca need an https:// --federation-url, got '{text}'.");
            var tls = LoadTls(certPath, parse.GetValue(clientKey), parse.GetValue(clientPassword) ?? Environment.GetEnvironmentVariable(CertificatePasswordVariable),
                parse.GetValue(serverCa));
            double share = parse.GetValue(heldOut), seconds = parse.GetValue(wait);
            int count = parse.GetValue(rounds);
            if (!(share >= 0 && share < 1)) throw new CommandLineException($"--held-out must be in [0, 1), got {share}.");
            if (!(seconds >= 0 && seconds <= 300)) throw new CommandLineException($"--wait must be in [0, 300] seconds, got {seconds}.");
            if (count < 0) throw new CommandLineException($"--rounds must be >= 0, got {count}.");
            var (table, source) = data.Load(parse);
            return RunAsync(federationUrl, new RemoteFacilityClientOptions(federationUrl, parse.GetRequiredValue(federation), parse.GetRequiredValue(facility),
                    string.IsNullOrWhiteSpace(key) ? null : key, seconds, count),
                PartitionParticipant.FromTable(parse.GetRequiredValue(facility), table, share), source, tls, ct);
        });
        return command;
    }

    // The client certificate and server CA, read up front so a wrong path or password is one clear line, not a failed handshake.
    private static (X509Certificate2? Client, X509Certificate2? ServerCa) LoadTls(string? certPath, string? keyPath, string? password, string? caPath)
    {
        try
        {
            return (certPath is null ? null : RemoteFacilityTls.LoadClientCertificate(certPath, keyPath, password),
                caPath is null ? null : RemoteFacilityTls.LoadAuthority(caPath));
        }
        catch (Exception e) when (e is FileNotFoundException or CryptographicException)
        {
            throw new CommandLineException($"{(e is CryptographicException ? "cannot read the certificate: " : "")}{e.Message}");
        }
    }

    private static async Task<int> RunAsync(Uri federationUrl, RemoteFacilityClientOptions options, PartitionParticipant participant, string source,
        (X509Certificate2? Client, X509Certificate2? ServerCa) tls, CancellationToken cancellationToken)
    {
        if (federationUrl.Scheme == "http" && !federationUrl.IsLoopback)
            Console.WriteLine($"warning: {federationUrl} is plain HTTP; the API key and updates travel unencrypted. Use https:// across machines.");

        Console.WriteLine($"Local data: {source}; {participant.TrainRows} training rows, {participant.HeldOutRows} held out");
        if (tls.Client is { } certificate)
            Console.WriteLine($"Client certificate: {certificate.Subject} (SHA-256 {certificate.GetCertHashString(HashAlgorithmName.SHA256).ToLowerInvariant()}), valid until {certificate.NotAfter.ToUniversalTime():yyyy-MM-dd}");
        if (tls.ServerCa is { } ca) Console.WriteLine($"Server certificates trusted only when issued by: {ca.Subject}");
        using var http = new HttpClient(RemoteFacilityTls.CreateHandler(tls.Client, tls.ServerCa));
        var client = new RemoteFacilityClient(http, options, participant, Console.Out);
        return await client.RunAsync(cancellationToken);
    }
}
