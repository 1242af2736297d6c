using FedAspire.Aggregator.Apis;
using FedAspire.Devices.Commands;
using FedAspire.Devices.Extensions;

using var cancel = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) => { e.Cancel = true; cancel.Cancel(); };
if (await CliCommands.TryRunAsync(args, cancel.Token) is { } exitCode) return exitCode;

var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults();
builder.AddFederationSilo();
var app = builder.Build();
app.MapDefaultEndpoints();
app.MapFederationApi();
await app.RunAsync(cancel.Token);
return 0;
