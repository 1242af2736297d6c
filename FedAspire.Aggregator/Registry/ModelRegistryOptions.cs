namespace FedAspire.Aggregator.Registry;

/// <summary>Settings of the embedded registry, bound from <c>FedAspire:Registry</c>.</summary>
public sealed class ModelRegistryOptions
{
    /// <summary>The configuration section.</summary>
    public const string Section = "FedAspire:Registry";

    /// <summary>Directory of the on-disk registry; relative paths are under the working directory.</summary>
    public string Path { get; set; } = System.IO.Path.Combine(".fedaspire", "registry");
}
