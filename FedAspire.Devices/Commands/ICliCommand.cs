namespace FedAspire.Devices.Commands;

/// <summary>One verb of the FedAspire.Devices command line (<c>dotnet run --project FedAspire.Devices -- VERB ...</c>).</summary>
public interface ICliCommand
{
    /// <summary>The verb, e.g. <c>partition</c>.</summary>
    string Name { get; }

    /// <summary>One line for the help listing.</summary>
    string Summary { get; }

    /// <summary>Runs the verb; returns the process exit code.</summary>
    Task<int> RunAsync(CommandArguments args, CancellationToken cancellationToken);
}
