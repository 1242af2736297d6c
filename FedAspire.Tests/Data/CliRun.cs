using FedAspire.Lab.Commands;

namespace FedAspire.Tests.Data;

/// <summary>Runs a FedAspire.Lab verb in process with its console output captured (one capture at a time: the console is process-wide).</summary>
internal static class CliRun
{
    private static readonly SemaphoreSlim ConsoleLock = new(1, 1);

    /// <summary>The verb's exit code and what it wrote to standard error.</summary>
    public static async Task<(int Code, string Error)> CapturingErrorsAsync(params string[] args)
    {
        await ConsoleLock.WaitAsync(TestContext.Current.CancellationToken);
        var (previousError, previousOut) = (Console.Error, Console.Out);
        using var error = new StringWriter();
        using var output = new StringWriter();
        try
        {
            Console.SetError(error);
            Console.SetOut(output);
            return (await CliCommands.RunAsync(args, TestContext.Current.CancellationToken), error.ToString());
        }
        finally
        {
            Console.SetError(previousError);
            Console.SetOut(previousOut);
            ConsoleLock.Release();
        }
    }

    /// <summary>What <paramref name="work"/> returns and writes to standard output.</summary>
    public static async Task<(T Result, string Output)> CapturingOutputAsync<T>(Func<T> work)
    {
        await ConsoleLock.WaitAsync(TestContext.Current.CancellationToken);
        var previous = Console.Out;
        using var output = new StringWriter();
        try
        {
            Console.SetOut(output);
            return (work(), output.ToString());
        }
        finally
        {
            Console.SetOut(previous);
            ConsoleLock.Release();
        }
    }
}
