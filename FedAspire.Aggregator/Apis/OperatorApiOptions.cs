namespace FedAspire.Aggregator.Apis;

/// <summary>
/// Access to the operator API (<c>/federations/{name}/status|rounds|facilities/{facility}/rounds|model|model.onnx|calibration</c>), bound from <c>FedAspire:Api</c>.
/// With <see cref="OperatorKeySha256"/> set every operator endpoint needs <c>Authorization: Bearer &lt;key&gt;</c> (401 otherwise);
/// unset, they are open, as for a local one-command run. Remote facility endpoints always use their own facility keys.
/// </summary>
public sealed class OperatorApiOptions
{
    /// <summary>The configuration section.</summary>
    public const string Section = "FedAspire:Api";

    /// <summary>Hex SHA-256 of the operator key (<c>sha256sum</c> of the key without a newline); null or empty = open.</summary>
    public string? OperatorKeySha256 { get; set; }

    /// <summary>Rounds a <c>/rounds</c> page holds when <c>last</c> is not given.</summary>
    public int DefaultPageSize { get; set; } = 100;

    /// <summary>The largest <c>last</c> accepted (larger pages are refused with 400: page with <c>before</c> instead).</summary>
    public int MaxPageSize { get; set; } = 1000;

    /// <summary>The page size when <c>last</c> is not given: <see cref="DefaultPageSize"/>, at most <see cref="MaxPageSize"/>.</summary>
    internal int DefaultLast => Math.Min(DefaultPageSize, MaxPageSize);
}
