using System.Diagnostics;
using System.Text.Json;
using CircuitSpec.Activations;
using CircuitSpec.Models.Files;
using CircuitSpec.Models.Zoo;
using CircuitSpec.Runtime;
using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;
using static TorchSharp.torch;

namespace CircuitSpec.Bench.Rows;

/// <summary>
/// Row 7: resident memory over 1,000 ResNet-18 forwards at batch 1: its growth from after warm-up to the last forwards,
/// and its peak beside ONNX Runtime's on the same loop. Each runtime runs the loop in a process of its own (this
/// benchmark started again as <c>memory-loop circuitspec|onnxruntime</c>), so that each peak is that runtime's alone:
/// the model, the runtime's libraries and its working memory.
/// </summary>
public static class MemoryRow
{
    private const int WarmUp = 100;
    private const int Forwards = 1000;

    public static BenchRow Run(Options options)
    {
        var ours = Child("circuitspec", options);
        var reference = Child("onnxruntime", options);
        var growth = (ours.Last - ours.AfterWarmUp) / (double)ours.AfterWarmUp;
        var peakRatio = ours.Peak / (double)reference.Peak;
        return new BenchRow($"7. Resident memory over {Forwards:N0} ResNet-18 forwards (batch 1), each runtime in its own process",
            $"CircuitSpec peak {ours.Peak / 1e6:F0} MB vs ONNX Runtime {reference.Peak / 1e6:F0} MB ({peakRatio:F2}×); " +
            $"{ours.AfterWarmUp / 1e6:F0} MB after {WarmUp} warm-up forwards, at most {ours.Last / 1e6:F0} MB over the last 100 (growth {growth:P1})",
            peakRatio, "growth < 5 % and peak ≤ 1.5× ONNX Runtime's", growth < 0.05 && peakRatio <= 1.5)
        {
            Numbers =
            {
                ["peak_bytes"] = ours.Peak, ["onnxruntime_peak_bytes"] = reference.Peak, ["after_warmup_bytes"] = ours.AfterWarmUp,
                ["last_bytes"] = ours.Last, ["growth"] = growth, ["onnxruntime_growth"] = (reference.Last - reference.AfterWarmUp) / (double)reference.AfterWarmUp,
            },
        };
    }

    /// <summary>The child: <c>memory-loop circuitspec|onnxruntime --threads N</c>; prints one JSON line of <see cref="LoopMemory"/>.</summary>
    public static int Loop(string[] args, string root)
    {
        var options = Options.Parse(args, root);
        TorchRuntime.MakeDeterministic(options.Threads, seed: 0);
        using var generator = new Generator(seed: 3);
        Action forward;
        IDisposable model;
        if (args[1] == "onnxruntime")
        {
            var session = new InferenceSession(PackageFiles.ResNet18Onnx, ForwardRows.ReferenceOptions(options.Threads));
            var name = session.InputMetadata.Keys.First();
            forward = () =>
            {
                using var scope = NewDisposeScope();
                var input = new DenseTensor<float>(randn([1, 3, 224, 224], generator: generator).data<float>().ToArray(), [1, 3, 224, 224]);
                using var results = session.Run([NamedOnnxValue.CreateFromTensor(name, input)]);
            };
            model = session;
        }
        else
        {
            var network = ModelZoo.ResNet18();
            forward = () =>
            {
                using var scope = NewDisposeScope();
                network.Run(randn([1, 3, 224, 224], generator: generator));
            };
            model = network;
        }
        using (model)
        {
            for (var i = 0; i < WarmUp; i++) forward();
            var afterWarmUp = ResidentMemory.Live();
            var last = new List<long>();
            for (var i = 0; i < Forwards; i++)
            {
                forward();
                if (i >= Forwards - 100 && i % 10 == 0) last.Add(ResidentMemory.Live());
            }
            Console.WriteLine(JsonSerializer.Serialize(new LoopMemory(ResidentMemory.Peak(), afterWarmUp, last.Max())));
        }
        return 0;
    }

    public sealed record LoopMemory(long Peak, long AfterWarmUp, long Last);

    private static LoopMemory Child(string runtime, Options options)
    {
        var self = Environment.ProcessPath!;
        var start = Path.GetFileNameWithoutExtension(self) == "dotnet"
            ? new ProcessStartInfo(self, [typeof(MemoryRow).Assembly.Location, "memory-loop", runtime, "--threads", options.Threads.ToString()])
            : new ProcessStartInfo(self, ["memory-loop", runtime, "--threads", options.Threads.ToString()]);
        start.RedirectStandardOutput = true;
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        Console.Error.WriteLine($"  {runtime}: {output.Trim()}");
        var json = output.Split('\n').LastOrDefault(l => l.StartsWith('{'))
                   ?? throw new InvalidOperationException($"The {runtime} memory loop printed no result (exit code {process.ExitCode}).");
        return JsonSerializer.Deserialize<LoopMemory>(json)!;
    }
}
