using FedAspire.Aggregator.Apis;
using FedAspire.Devices.Commands;
using FedAspire.Devices.Extensions;

using var cancel = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) => { e.Cancel = true; cancel.Cancel(); };
if (await CliCommands.TryRunAsync(args, cancel.Token) is { } exitCode) return exitCode;

// appsettings.json travels with the binaries; the working directory is the user's (paths, embedded state).
var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = args, ContentRootPath = AppContext.BaseDirectory });
builder.AddServiceDefaults();
builder.AddFederationSilo();
var app = builder.Build();
app.MapDefaultEndpoints();
app.MapFederationApi();
await app.RunAsync(cancel.Token);
return 0;
