using System.Diagnostics;
using FedAspire.Core.Learning;
using FedAspire.Core.Onnx;

namespace FedAspire.Tests.Onnx;

/// <summary>The reference ONNX checker (Debian's python3-onnx, full_check with strict shape inference) accepts every kind of export.</summary>
[Trait("Area", "Learning")]
public sealed class OnnxCheckerTests
{
    private const string Python = "/usr/bin/python3";

    private const string CheckScript = """
        import sys, onnx
        for path in sys.argv[1:]:
            model = onnx.load(path)
            onnx.checker.check_model(model, full_check=True)
            print("ok", path, "ir", model.ir_version, "opset", model.opset_import[0].version)
        """;

    [Fact]
    public void Exports_pass_the_onnx_checker()
    {
        if (!File.Exists(Python)) Assert.Skip($"{Python} is missing (install python3-onnx to run the reference checker).");
        if (Run("import onnx").ExitCode != 0) Assert.Skip("python3-onnx is not installed (apt-get install -y python3-onnx).");

        var directory = Directory.CreateTempSubdirectory("fedaspire-onnx-check-");
        try
        {
            var paths = new List<string>();
            foreach (var model in OnnxParityCases.Models)
            {
                var spec = OnnxParityCases.Spec(model, Activation.Tanh);
                var data = OnnxParityCases.Create(spec, masked: false, batch: 1, seed: 1);
                string path = Path.Combine(directory.FullName, model + ".onnx");
                OnnxExporter.ExportToFile(spec, data.Parameters, data.Normalization, new OnnxExportMetadata("checker", 3, 2, 0.25f), path);
                paths.Add(path);
            }

            var result = Run(CheckScript, paths);
            Assert.True(result.ExitCode == 0, $"onnx.checker rejected an export:\n{result.Output}");
            Assert.Equal(paths.Count, result.Output.Split('\n').Count(line => line.StartsWith("ok ", StringComparison.Ordinal)));
        }
        finally
        {
            directory.Delete(recursive: true);
        }
    }

    private static (int ExitCode, string Output) Run(string script, IEnumerable<string>? arguments = null)
    {
        var start = new ProcessStartInfo(Python) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.ArgumentList.Add("-c");
        start.ArgumentList.Add(script);
        foreach (var argument in arguments ?? []) start.ArgumentList.Add(argument);
        using var process = Process.Start(start) ?? throw new InvalidOperationException($"Could not start {Python}.");
        var stderr = process.StandardError.ReadToEndAsync();
        string stdout = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        return (process.ExitCode, stdout + stderr.Result);
    }
}
