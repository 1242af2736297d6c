using FedAspire.Lab.Commands;

using var cancel = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) =>
{
    e.Cancel = true;
    // A second Ctrl+C can arrive while Main is already returning and the source is disposed.
    try { cancel.Cancel(); }
    catch (ObjectDisposedException) { /* already shutting down */ }
};
return await CliCommands.RunAsync(args, cancel.Token);
