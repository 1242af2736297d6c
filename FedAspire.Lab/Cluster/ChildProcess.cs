using System.Collections.Concurrent;
using System.Diagnostics;

namespace FedAspire.Lab.Cluster;

/// <summary>A child process whose output is kept (last lines) for failure messages; killed with its children on dispose.</summary>
public sealed class ChildProcess : IDisposable
{
    private readonly Process _process;
    private readonly ConcurrentQueue<string> _output = new();

    /// <summary>Starts <paramref name="fileName"/> with <paramref name="arguments"/>, its environment extended by <paramref name="environment"/>.</summary>
    public ChildProcess(string name, string fileName, IEnumerable<string> arguments, IReadOnlyDictionary<string, string> environment, string workingDirectory)
    {
        Name = name;
        var start = new ProcessStartInfo(fileName)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = workingDirectory,
        };
        foreach (var a in arguments) start.ArgumentList.Add(a);
        foreach (var (key, value) in environment) start.Environment[key] = value;
        _process = new Process { StartInfo = start };
        _process.OutputDataReceived += (_, e) => Keep(e.Data);
        _process.ErrorDataReceived += (_, e) => Keep(e.Data);
        if (!_process.Start()) throw new InvalidOperationException($"{name}: '{fileName}' did not start.");
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
    }

    /// <summary>The name its output is labelled with.</summary>
    public string Name { get; }

    /// <summary>The operating-system process id.</summary>
    public int Id => _process.Id;

    /// <summary>True once the process has ended.</summary>
    public bool HasExited => _process.HasExited;

    /// <summary>The exit code once the process has ended (137 = killed by SIGKILL, e.g. by the kernel's OOM killer), else null.</summary>
    public int? ExitCode => _process.HasExited ? _process.ExitCode : null;

    /// <summary>Completes when the process ends, however it ends.</summary>
    public Task Exited => _process.WaitForExitAsync();

    /// <summary>The last lines the process printed (stdout and stderr), for assertion messages.</summary>
    public string Tail => $"--- {Name} (exited: {_process.HasExited}) ---\n" + string.Join('\n', _output);

    /// <summary>Waits for the process to end by itself within <paramref name="timeout"/>; its exit code, or null when it is still running.</summary>
    public async Task<int?> WaitForExitAsync(TimeSpan timeout)
    {
        using var cancel = new CancellationTokenSource(timeout);
        try
        {
            await _process.WaitForExitAsync(cancel.Token);
            return _process.ExitCode;
        }
        catch (OperationCanceledException)
        {
            return null;
        }
    }

    /// <summary>Kills the process and its descendants and waits up to 5 s for it to end.</summary>
    public void Kill()
    {
        try
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
                _process.WaitForExit(5000);
            }
        }
        catch (InvalidOperationException) { /* never started or already gone */ }
    }

    /// <summary>
    /// SIGKILL at once: the process itself first, because <see cref="Kill"/>'s tree walk reads /proc for children (50-250 ms on
    /// a busy machine, long enough for a silo to finish the write the caller meant to interrupt), then what is left of its tree.
    /// </summary>
    public void Crash()
    {
        try
        {
            if (!_process.HasExited) _process.Kill();
        }
        catch (InvalidOperationException) { /* never started or already gone */ }
        Kill();
    }

    /// <inheritdoc />
    public void Dispose()
    {
        Kill();
        _process.Dispose();
    }

    private void Keep(string? line)
    {
        if (line is null) return;
        _output.Enqueue(line);
        while (_output.Count > 60) _output.TryDequeue(out _);
    }
}
