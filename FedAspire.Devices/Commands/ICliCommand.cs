using System.CommandLine;

namespace FedAspire.Devices.Commands;

/// <summary>One verb of the FedAspire.Devices command line (<c>dotnet run --project FedAspire.Devices -- VERB ...</c>).</summary>
public interface ICliCommand
{
    /// <summary>The verb with its typed options and its action (the action returns the process exit code).</summary>
    Command Create();
}
