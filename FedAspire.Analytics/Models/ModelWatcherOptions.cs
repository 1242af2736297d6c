namespace FedAspire.Analytics.Models;

/// <summary>Which federation's model analytics scores with and how often it looks for a new version (<c>FedAspire:Analytics</c>).</summary>
public sealed class ModelWatcherOptions
{
    /// <summary>Federation whose global model is used.</summary>
    public string Federation { get; set; } = "pumps";

    /// <summary>Pause between looks for a newer version.</summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>Base address of the federation HTTP API (e.g. <c>http://devices</c> under Aspire); when null the registry directory is read.</summary>
    public string? FederationApi { get; set; }

    /// <summary>
    /// Root of the embedded registry on disk (the aggregator's <c>FedAspire:Registry:Path</c>). Unset: <c>.fedaspire/registry</c> in
    /// the working directory, where <c>dotnet run --project FedAspire.Devices</c> from the same folder keeps it; when started in
    /// its own project folder (an IDE run), the sibling devices project's <c>../FedAspire.Devices/.fedaspire/registry</c>.
    /// </summary>
    public string RegistryPath { get; set; } = DefaultRegistryPath();

    /// <summary>The registry path used when none is configured.</summary>
    public static string DefaultRegistryPath()
    {
        var sibling = Path.Combine("..", "FedAspire.Devices");
        return Directory.Exists(sibling) ? Path.Combine(sibling, ".fedaspire", "registry") : Path.Combine(".fedaspire", "registry");
    }

    /// <summary>Bearer key sent to the federation API when the silo guards its operator API (<c>FedAspire:Api:OperatorKeySha256</c> there).</summary>
    public string? OperatorApiKey { get; set; }

    /// <summary>ONNX Runtime intra-op threads per scoring run.</summary>
    public int IntraOpThreads { get; set; } = 1;
}
