using System.CommandLine;

namespace FedAspire.Lab.Commands;

/// <summary>One verb of the FedAspire.Lab command line (<c>dotnet run --project FedAspire.Lab -- VERB ...</c>).</summary>
public interface ICliCommand
{
    /// <summary>The verb with its typed options and its action (the action returns the process exit code).</summary>
    Command Create();
}
